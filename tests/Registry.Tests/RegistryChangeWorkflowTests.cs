using System.Text.Json;
using System.Text.RegularExpressions;
using Mlops.Registry.Events;
using Mlops.Registry.Model;
using Mlops.TestSupport;

namespace Mlops.Registry.Tests;

/// <summary>The registry-change workflow reads only fields that the registry's signed alias webhook body has.</summary>
public sealed partial class RegistryChangeWorkflowTests
{
    [Fact]
    public void Every_client_payload_field_the_workflow_reads_is_in_the_registry_webhook_body()
    {
        var workflow = File.ReadAllText(Path.Combine(RepositoryLayout.Root, ".github", "workflows", "registry-change.yml"));
        var body = AliasChangeJson.Serialize(new AliasMove
        {
            ModelName = "fashion",
            Alias = "staging",
            Version = 3,
            PreviousVersion = 2,
            Actor = "ci",
            Reason = "",
            ChangedAt = DateTimeOffset.UtcNow,
        }, deliveryId: "delivery-1");
        using var document = JsonDocument.Parse(body);
        var fields = document.RootElement.EnumerateObject().Select(property => property.Name).ToHashSet();

        var used = PayloadField().Matches(workflow).Select(match => match.Groups[1].Value).ToHashSet();

        Assert.Contains("model", used);
        Assert.Contains("version", used);
        Assert.All(used, field => Assert.Contains(field, fields));
        Assert.Contains($"types: [{AliasChangeJson.EventName}]", workflow);
    }

    [GeneratedRegex(@"client_payload\.([A-Za-z]+)")]
    private static partial Regex PayloadField();
}

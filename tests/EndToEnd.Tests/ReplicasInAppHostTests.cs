using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Mlops.EndToEnd.Tests;

/// <summary>
/// The AppHost's model with Replicas:Inference, built but not started: several Inference replicas share their answers
/// through Redis (each would otherwise compute the others' repeats again); a single one keeps them in its own memory.
/// </summary>
public sealed class ReplicasInAppHostTests : IDisposable
{
    private readonly string dataRoot = Directory.CreateTempSubdirectory("mlops-replicas-model-").FullName;

    public void Dispose() => Directory.Delete(dataRoot, recursive: true);

    [Theory]
    [InlineData(1, null)]
    [InlineData(3, "true")]
    public async Task Inference_replicas_share_answers_through_redis_only_when_there_are_several(int replicas, string? shared)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--Replicas:Inference={replicas}", "--Bootstrap:Enabled=false", "--Automation:Enabled=false", $"--DataRoot={dataRoot}"]);
        var inference = builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "inference");

        var environment = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), inference, environment);
        foreach (var callback in inference.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        Assert.Equal(replicas, inference.TryGetLastAnnotation<ReplicaAnnotation>(out var annotation) ? annotation.Replicas : 1);
        Assert.Equal(shared, environment.GetValueOrDefault("Inference__Cache__Shared") as string);
    }
}

using System.CommandLine;
using System.Text.RegularExpressions;
using Mlops.Cli.Commands;
using Mlops.Cli.Output;
using Mlops.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Mlops.Cli.Tests;

/// <summary>The data-change and registry-change workflows parse, and every `mlops` command they run exists.</summary>
public sealed partial class WorkflowTests
{
    private static readonly string Workflows = Path.Combine(RepositoryLayout.Root, ".github", "workflows");

    [Theory]
    [InlineData("data-change.yml")]
    [InlineData("registry-change.yml")]
    public void The_workflow_parses_and_runs_only_commands_the_cli_has(string file)
    {
        var text = File.ReadAllText(Path.Combine(Workflows, file));
        var workflow = Load(text);
        Assert.True(workflow.Children.ContainsKey(new YamlScalarNode("jobs")), $"{file} has no jobs");

        var commands = CliCall().Matches(text).Select(match => match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.NotEmpty(commands);
        var root = MlopsCommand.Create(CliConsole.Plain(TextWriter.Null, TextWriter.Null));
        foreach (var words in commands)
        {
            Command current = root;
            foreach (var word in words)
            {
                if (current != root && current.Subcommands.Count == 0)
                {
                    break; // The rest are the command's arguments (e.g. `train quick`).
                }

                current = current.Subcommands.SingleOrDefault(sub => sub.Name == word)
                    ?? throw new Xunit.Sdk.XunitException($"{file}: `mlops {string.Join(' ', words)}`: there is no command '{word}' under '{current.Name}'");
            }

            Assert.Empty(current.Subcommands);
        }
    }

    [Fact]
    public void The_data_change_workflow_runs_on_dataset_pointers_and_the_shipped_pointer_is_complete()
    {
        var workflow = Load(File.ReadAllText(Path.Combine(Workflows, "data-change.yml")));
        var on = (YamlMappingNode)workflow.Children[new YamlScalarNode("on")];
        var paths = (YamlSequenceNode)((YamlMappingNode)on.Children[new YamlScalarNode("push")]).Children[new YamlScalarNode("paths")];
        Assert.Contains("datasets/*.dataset.yaml", paths.Children.OfType<YamlScalarNode>().Select(node => node.Value));

        foreach (var pointer in Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, "datasets"), "*.dataset.yaml"))
        {
            var map = Load(File.ReadAllText(pointer));
            Assert.False(string.IsNullOrWhiteSpace(((YamlScalarNode)map.Children[new YamlScalarNode("id")]).Value));
            var idx = (YamlMappingNode)((YamlMappingNode)map.Children[new YamlScalarNode("source")]).Children[new YamlScalarNode("idx")];
            foreach (var key in new[] { "images", "labels", "test_images", "test_labels" })
            {
                var relative = ((YamlScalarNode)idx.Children[new YamlScalarNode(key)]).Value!;
                Assert.True(File.Exists(Path.Combine(RepositoryLayout.Root, relative)), $"{pointer}: source.idx.{key} {relative} does not exist");
            }
        }
    }

    private static YamlMappingNode Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    // `dotnet /tmp/mlops/mlops.dll <command words> ...`: the words up to the first argument, quote, variable or option.
    [GeneratedRegex(@"mlops\.dll((?: [a-z][a-z-]*)+)")]
    private static partial Regex CliCall();
}

using System.CommandLine;
using Mlops.Cli.Output;

namespace Mlops.Cli.Commands;

/// <summary>The command tree: one group per file in this folder.</summary>
public static class MlopsCommand
{
    public static RootCommand Create(CliConsole console)
    {
        var root = new RootCommand("mlops: drive the platform's services from the command line");
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(StatusCommand.Create(console));
        root.Subcommands.Add(DataCommands.Create(console));
        root.Subcommands.Add(TrainCommand.Create(console));
        root.Subcommands.Add(SweepCommands.Create(console));
        root.Subcommands.Add(JobCommands.Create(console));
        root.Subcommands.Add(RunCommands.Create(console));
        root.Subcommands.Add(ModelCommands.Create(console));
        root.Subcommands.Add(PredictCommand.Create(console));
        root.Subcommands.Add(DriftCommands.Create(console));
        root.Subcommands.Add(RobustnessCommand.Create(console));
        root.Subcommands.Add(AutomationCommands.Create(console));
        return root;
    }
}

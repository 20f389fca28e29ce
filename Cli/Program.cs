using Mlops.Cli;
using Mlops.Cli.Output;

return await CliApplication.RunAsync(args, CliConsole.System());

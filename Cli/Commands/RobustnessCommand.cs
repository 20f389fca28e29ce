using System.CommandLine;
using Mlops.Cli.Output;
using Mlops.Drift.V1;

namespace Mlops.Cli.Commands;

/// <summary>`mlops robustness <model>`: accuracy on the test split under perturbations of increasing strength.</summary>
public static class RobustnessCommand
{
    public static readonly string[] Perturbations = ["brightness", "contrast", "gaussian_noise", "blur", "rotation", "occlusion"];

    public static Command Create(CliConsole console)
    {
        var model = new Argument<string>("model") { Description = "name@alias or name/version, e.g. fashion@production" };
        var perturbations = new Option<string[]>("--perturbations") { Description = "Which perturbations (default: all)", AllowMultipleArgumentsPerToken = true };
        perturbations.AcceptOnlyFromAmong(Perturbations);
        var strengths = new Option<double[]>("--strengths") { Description = "Strengths to try (default: the service's ladder)", AllowMultipleArgumentsPerToken = true };
        var maxSamples = new Option<int>("--max-samples") { Description = "Cap on test images (default: the service's)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the random perturbations" };
        var command = new Command("robustness", "Measure accuracy under brightness, contrast, noise, blur, rotation and occlusion")
        {
            model, perturbations, strengths, maxSamples, seed,
        };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var request = new RobustnessCheckRequest { Model = context.Get(model)!, MaxSamples = context.Get(maxSamples), Seed = context.Get(seed) };
            request.Perturbations.AddRange(context.Get(perturbations) ?? []);
            request.Strengths.AddRange(context.Get(strengths) ?? []);
            var report = await context.Services.Drift.RunRobustnessCheckAsync(request, cancellationToken: cancellationToken);
            context.Output.Show(report, () => DriftViews.Robustness(report));
            return ExitCodes.Ok;
        });
        return command;
    }
}

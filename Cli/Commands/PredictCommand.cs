using System.CommandLine;
using Google.Protobuf;
using Mlops.Cli.Input;
using Mlops.Cli.Output;
using Mlops.Inference.V1;

namespace Mlops.Cli.Commands;

/// <summary>`mlops predict <images...>`: classify PNG/JPEG files with the served model, in one batch.</summary>
public static class PredictCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("images") { Description = "PNG or JPEG files", Arity = ArgumentArity.OneOrMore };
        var model = new Option<string?>("--model", "-m") { Description = "Model name (default: the service's default model)" };
        var command = new Command("predict", "Classify image files with the model in production") { files, model };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var paths = context.Get(files)!;
            var request = new PredictBatchRequest { ModelName = context.Get(model) ?? "" };
            foreach (var path in paths)
            {
                request.Images.Add(new ImageInput { Encoded = ByteString.CopyFrom(await ImageFiles.ReadAsync(path, cancellationToken)) });
            }

            var response = await context.Services.Inference.PredictBatchAsync(request, cancellationToken: cancellationToken);
            if (response.Predictions.Count != paths.Length)
            {
                context.Output.Error($"error: sent {paths.Length} images but received {response.Predictions.Count} predictions.");
                return ExitCodes.ServiceError;
            }

            var rows = paths.Zip(response.Predictions, (path, prediction) => (path, prediction)).ToList();
            context.Output.ShowJson(PredictionViews.Json(rows), () => PredictionViews.Table(rows));
            return ExitCodes.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using Mlops.Cli.Input;
using Mlops.Cli.Output;
using Mlops.Cli.Transfer;
using Mlops.Common.V1;
using Mlops.Ingestion.V1;

namespace Mlops.Cli.Commands;

/// <summary>`mlops data import|list|versions|show|export|push|pull|delete|archive|gc`: dataset versions in the ingestion service.</summary>
public static class DataCommands
{
    public static Command Create(CliConsole console)
    {
        var data = new Command("data", "Import, list, show, export, push, pull, delete and archive dataset versions");
        data.Subcommands.Add(Import(console));
        data.Subcommands.Add(List(console));
        data.Subcommands.Add(Versions(console));
        data.Subcommands.Add(Show(console));
        data.Subcommands.Add(Export(console));
        data.Subcommands.Add(DataRemoteCommands.Push(console));
        data.Subcommands.Add(DataRemoteCommands.Pull(console));
        data.Subcommands.Add(DataRetentionCommands.Delete(console));
        data.Subcommands.Add(DataRetentionCommands.Archive(console));
        data.Subcommands.Add(DataRetentionCommands.CollectGarbage(console));
        return data;
    }

    private static Command Import(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "Dataset name, e.g. fashion-mnist" };
        var idx = new Option<string[]>("--idx") { Description = "IDX images and labels files the service can read", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true, HelpName = "images labels" };
        var testIdx = new Option<string[]>("--test-idx") { Description = "IDX images and labels of an explicit test split", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true, HelpName = "images labels" };
        var folder = new Option<string?>("--folder") { Description = "A folder of class sub-folders the service can read", HelpName = "dir" };
        var testFolder = new Option<string?>("--test-folder") { Description = "Class sub-folders holding the test split", HelpName = "dir" };
        var upload = new Option<string?>("--upload") { Description = "A local folder of class sub-folders, streamed to the service", HelpName = "dir" };
        var testUpload = new Option<string?>("--test-upload") { Description = "A local folder of class sub-folders streamed as the test split", HelpName = "dir" };
        var classNames = new Option<string?>("--class-names") { Description = "Class names in label order, comma separated", HelpName = "a,b,c" };
        var validation = new Option<double?>("--validation-fraction") { Description = "Share of the training data held out for validation" };
        var testFraction = new Option<double?>("--test-fraction") { Description = "Share held out for test when the source has no test split" };
        var seed = new Option<int?>("--seed") { Description = "Seed of the stratified split" };
        var shape = new Option<string?>("--shape") { Description = "Image shape CxHxW, default 1x28x28", HelpName = "CxHxW" };
        var tags = new Option<string[]>("--tag") { Description = "A tag for the version (repeatable)" };

        var command = new Command("import", "Import an IDX pair, a folder of class sub-folders, or upload local images")
        {
            name, idx, testIdx, folder, testFolder, upload, testUpload, classNames, validation, testFraction, seed, shape, tags,
        };
        command.Validators.Add(result =>
        {
            var sources = new Option[] { idx, folder, upload }.Count(option => result.GetResult(option) is not null);
            if (sources != 1)
            {
                result.AddError("Give exactly one source: --idx <images> <labels>, --folder <dir> or --upload <dir>.");
            }

            if (result.GetResult(testIdx) is not null && result.GetResult(idx) is null)
            {
                result.AddError("--test-idx goes with --idx.");
            }

            if (result.GetResult(testFolder) is not null && result.GetResult(folder) is null)
            {
                result.AddError("--test-folder goes with --folder.");
            }

            if (result.GetResult(testUpload) is not null && result.GetResult(upload) is null)
            {
                result.AddError("--test-upload goes with --upload.");
            }
        });

        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var split = SplitPolicyFrom(context.Get(validation), context.Get(testFraction), context.Get(seed));
            var names = (context.Get(classNames) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var imageShape = ParseShape(context.Get(shape));
            var tagList = context.Get(tags) ?? [];

            ImportDatasetResponse response;
            if (context.Get(upload) is { } uploadFolder)
            {
                var header = new UploadHeader { Name = context.Get(name)!, Split = split, Shape = imageShape };
                header.ClassNames.AddRange(names);
                header.Tags.AddRange(tagList);
                response = await UploadAsync(context, header, ClassFolder.Read(uploadFolder),
                    context.Get(testUpload) is { } testPath ? ClassFolder.Read(testPath) : null, cancellationToken);
            }
            else
            {
                var request = new ImportDatasetRequest { Name = context.Get(name)!, Split = split, Shape = imageShape };
                request.ClassNames.AddRange(names);
                request.Tags.AddRange(tagList);
                if (context.Get(idx) is { Length: 2 } pair)
                {
                    request.Idx = new IdxSource { ImagesPath = Path.GetFullPath(pair[0]), LabelsPath = Path.GetFullPath(pair[1]) };
                    if (context.Get(testIdx) is { Length: 2 } testPair)
                    {
                        request.Idx.TestImagesPath = Path.GetFullPath(testPair[0]);
                        request.Idx.TestLabelsPath = Path.GetFullPath(testPair[1]);
                    }
                }
                else
                {
                    request.Folder = new FolderSource { Path = Path.GetFullPath(context.Get(folder)!) };
                    if (context.Get(testFolder) is { } testPath)
                    {
                        request.Folder.TestPath = Path.GetFullPath(testPath);
                    }
                }

                response = await context.Services.Ingestion.ImportDatasetAsync(request, cancellationToken: cancellationToken);
            }

            context.Output.Show(response, () => DatasetViews.Imported(response));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<ImportDatasetResponse> UploadAsync(
        CommandContext context, UploadHeader header, ClassFolder train, ClassFolder? test, CancellationToken cancellationToken)
    {
        if (header.ClassNames.Count == 0)
        {
            header.ClassNames.AddRange(train.ClassNames.Union(test?.ClassNames ?? [], StringComparer.Ordinal));
        }

        var images = train.Images.Select(image => (image, Split.Train))
            .Concat((test?.Images ?? []).Select(image => (image, Split.Test)))
            .ToList();

        using var call = context.Services.Ingestion.UploadDataset(cancellationToken: cancellationToken);
        return await ProgressDisplay.RunAsync(context.Output, $"Uploading {images.Count} images", images.Count, async progress =>
        {
            try
            {
                await call.RequestStream.WriteAsync(new UploadDatasetRequest { Header = header }, cancellationToken);
                foreach (var (image, split) in images)
                {
                    var content = await File.ReadAllBytesAsync(image.Path, cancellationToken);
                    await call.RequestStream.WriteAsync(new UploadDatasetRequest
                    {
                        Image = new UploadImage
                        {
                            ClassName = image.ClassName,
                            FileName = Path.GetFileName(image.Path),
                            Content = Google.Protobuf.ByteString.CopyFrom(content),
                            Split = split,
                        },
                    }, cancellationToken);
                    progress?.Increment(1);
                }

                await call.RequestStream.CompleteAsync();
            }
            catch (Connection.ServiceException) when (!cancellationToken.IsCancellationRequested)
            {
                // The service ended the call early; its status (the reason) is on the response.
                await call.ResponseAsync;
                throw;
            }

            return await call.ResponseAsync;
        });
    }

    private static Command List(CliConsole console)
    {
        var command = new Command("list", "List datasets with their latest version");
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var response = await context.Services.Ingestion.ListDatasetsAsync(new ListDatasetsRequest(), cancellationToken: cancellationToken);
            context.Output.Show(response, () => DatasetViews.List(response));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Versions(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "Dataset name" };
        var limit = new Option<int>("--limit") { Description = "How many versions, newest first", DefaultValueFactory = _ => 20 };
        var command = new Command("versions", "List the versions of one dataset, newest first") { name, limit };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var response = await context.Services.Ingestion.ListVersionsAsync(
                new ListVersionsRequest { Name = context.Get(name)!, Page = new PageRequest { PageSize = context.Get(limit) } }, cancellationToken: cancellationToken);
            context.Output.Show(response, () => DatasetViews.Versions(response));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var reference = new Argument<string>("ref") { Description = "A version id (or unique prefix), name, name@latest or name@<tag>" };
        var command = new Command("show", "Show a dataset version: shape, tags, and class counts per split") { reference };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var version = await context.Services.Ingestion.GetDatasetAsync(new GetDatasetRequest { Reference = context.Get(reference)! }, cancellationToken: cancellationToken);
            context.Output.Show(version, () => DatasetViews.Show(version));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export(CliConsole console)
    {
        var reference = new Argument<string>("version") { Description = "A version id (or unique prefix), name or name@tag" };
        var output = new Option<string>("--out", "-o") { Description = "Folder to write the IDX files into", Required = true, HelpName = "dir" };
        var command = new Command("export", "Write a version's IDX files (gzipped) to a folder, verifying each file's sha256") { reference, output };
        command.SetHandler(console, async (context, cancellationToken) =>
        {
            var version = await context.Services.Ingestion.GetDatasetAsync(new GetDatasetRequest { Reference = context.Get(reference)! }, cancellationToken: cancellationToken);
            var folder = Path.GetFullPath(context.Get(output)!);
            Directory.CreateDirectory(folder);
            using var call = context.Services.Ingestion.ExportDataset(new ExportDatasetRequest { VersionId = version.Id }, cancellationToken: cancellationToken);
            var files = await ProgressDisplay.RunAsync(context.Output, $"Exporting {Format.ShortId(version.Id)}", version.SizeBytes, progress =>
                new DatasetExportWriter(folder).WriteAsync(call.ResponseStream, progress, cancellationToken));

            context.Output.ShowJson(DatasetViews.ExportedJson(version.Id, folder, files), () => DatasetViews.Exported(folder, files));
            if (files.FirstOrDefault(file => !file.Verified) is { } bad)
            {
                context.Output.Error($"error: {bad.Name}: the written bytes do not hash to the sha256 the service sent; the file was not kept.");
                return ExitCodes.ServiceError;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    // The service's defaults, used for the fields not given: sending no policy at all leaves the choice to the service.
    private const double DefaultValidationFraction = 0.1;
    private const double DefaultTestFraction = 0.1;

    private static SplitPolicy? SplitPolicyFrom(double? validation, double? test, int? seed) =>
        validation is null && test is null && seed is null
            ? null
            : new SplitPolicy
            {
                ValidationFraction = validation ?? DefaultValidationFraction,
                TestFraction = test ?? DefaultTestFraction,
                Seed = seed ?? 0,
            };

    private static ImageShape? ParseShape(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Split('x', 'X');
        if (parts.Length != 3 || !parts.All(part => int.TryParse(part, out var n) && n > 0))
        {
            throw new UsageException($"--shape '{text}': write channels x height x width, e.g. 1x28x28.");
        }

        return new ImageShape { Channels = int.Parse(parts[0]), Height = int.Parse(parts[1]), Width = int.Parse(parts[2]) };
    }
}

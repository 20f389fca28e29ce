using System.IO.Compression;
using Grpc.Core;
using Mlops.Ingestion.V1;

namespace Mlops.Frontend.Extensions;

/// <summary>The Datasets page's export link: a dataset version's IDX files from ingestion's ExportDataset, as one zip.</summary>
public static class DatasetExportEndpoint
{
    public static WebApplication MapDatasetExport(this WebApplication app)
    {
        app.MapGet("/datasets/{versionId}/export", async (string versionId, IngestionService.IngestionServiceClient ingestion, HttpContext http) =>
        {
            // Staged in a temporary file: ZipArchive writes synchronously and a whole dataset does not belong in memory.
            var staging = Path.GetTempFileName();
            try
            {
                await using (var file = File.Create(staging))
                using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                {
                    using var call = ingestion.ExportDataset(new ExportDatasetRequest { VersionId = versionId }, cancellationToken: http.RequestAborted);
                    // ExportDataset sends one file after the other; a zip takes one open entry at a time.
                    string? currentName = null;
                    Stream? current = null;
                    await foreach (var chunk in call.ResponseStream.ReadAllAsync(http.RequestAborted))
                    {
                        if (chunk.FileName != currentName)
                        {
                            current?.Dispose();
                            current = zip.CreateEntry(chunk.FileName, CompressionLevel.Fastest).Open();
                            currentName = chunk.FileName;
                        }

                        chunk.Content.WriteTo(current!);
                    }

                    current?.Dispose();
                }

                http.Response.ContentType = "application/zip";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"dataset-{versionId[..Math.Min(12, versionId.Length)]}.zip\"";
                await using var read = File.OpenRead(staging);
                await read.CopyToAsync(http.Response.Body, http.RequestAborted);
                return Results.Empty;
            }
            catch (RpcException error)
            {
                return Results.Problem(Platform.ServiceCall.Describe(Platform.PlatformServices.Ingestion, error),
                    statusCode: error.StatusCode == StatusCode.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status502BadGateway);
            }
            finally
            {
                File.Delete(staging);
            }
        }).RequireAuthorization(SignIn.FrontendSignIn.Policy);
        return app;
    }
}

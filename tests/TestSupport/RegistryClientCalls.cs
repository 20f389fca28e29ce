using Google.Protobuf;
using Grpc.Core;
using Mlops.Registry.V1;

namespace Mlops.TestSupport;

/// <summary>
/// The registry's streaming calls spelled out once for every test project: upload in chunks, download into memory,
/// and register an ONNX file as a model version (upload, then register its sha256).
/// </summary>
public static class RegistryClientCalls
{
    /// <summary>Uploads <paramref name="content"/> as an artifact in chunks of <paramref name="chunkSize"/> bytes.</summary>
    public static async Task<Artifact> UploadAsync(this RegistryService.RegistryServiceClient client, byte[] content, string name,
        string? expectedSha256 = null, string runId = "", int chunkSize = 10_000, Metadata? headers = null)
    {
        using var call = client.UploadArtifact(headers);
        await call.RequestStream.WriteAsync(new UploadArtifactRequest
        {
            Header = new ArtifactHeader { Name = name, MediaType = "application/onnx", RunId = runId, ExpectedSha256 = expectedSha256 ?? "" },
        });
        for (var offset = 0; offset < content.Length; offset += chunkSize)
        {
            await call.RequestStream.WriteAsync(new UploadArtifactRequest
            {
                Chunk = ByteString.CopyFrom(content, offset, Math.Min(chunkSize, content.Length - offset)),
            });
        }

        await call.RequestStream.CompleteAsync();
        return await call;
    }

    /// <summary>An artifact's bytes and the number of chunks they came in.</summary>
    public static async Task<(byte[] Content, int Chunks)> DownloadAsync(this RegistryService.RegistryServiceClient client, string sha256)
    {
        using var call = client.DownloadArtifact(new DownloadArtifactRequest { Sha256 = sha256 });
        using var buffer = new MemoryStream();
        var chunks = 0;
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            chunk.Content.WriteTo(buffer);
            chunks++;
        }

        return (buffer.ToArray(), chunks);
    }

    /// <summary>
    /// Uploads <paramref name="onnx"/> as <c>{model}.onnx</c> and registers it as the model's next version, with the dataset
    /// version and run as its lineage (no lineage when both are empty).
    /// </summary>
    public static async Task<ModelVersion> RegisterAsync(this RegistryService.RegistryServiceClient client, string model, byte[] onnx,
        string datasetVersion = "", string runId = "", Metadata? headers = null)
    {
        var artifact = await client.UploadAsync(onnx, $"{model}.onnx", runId: runId, headers: headers);
        var request = new RegisterModelVersionRequest { ModelName = model, OnnxSha256 = artifact.Sha256 };
        if (datasetVersion.Length > 0 || runId.Length > 0)
        {
            request.Lineage = new Lineage { DatasetVersion = datasetVersion, RunId = runId };
        }

        return await client.RegisterModelVersionAsync(request, headers);
    }
}

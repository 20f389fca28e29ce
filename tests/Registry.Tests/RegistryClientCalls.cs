using Google.Protobuf;
using Grpc.Core;
using Mlops.Registry.V1;

namespace Mlops.Registry.Tests;

/// <summary>The streaming calls spelled out once: upload in chunks, download into memory, register a test model.</summary>
internal static class RegistryClientCalls
{
    public static async Task<Artifact> UploadAsync(this RegistryService.RegistryServiceClient client, byte[] content, string name,
        string? expectedSha256 = null, string runId = "", int chunkSize = 10_000)
    {
        using var call = client.UploadArtifact();
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

    public static async Task<ModelVersion> RegisterAsync(this RegistryService.RegistryServiceClient client, string model, byte[] onnx,
        string datasetVersion = SampleIngestionServer.DatasetVersionId, string runId = "")
    {
        var artifact = await client.UploadAsync(onnx, $"{model}.onnx", runId: runId);
        return await client.RegisterModelVersionAsync(new RegisterModelVersionRequest
        {
            ModelName = model,
            OnnxSha256 = artifact.Sha256,
            Lineage = new Lineage { DatasetVersion = datasetVersion, RunId = runId },
        });
    }
}

using Google.Protobuf;
using Grpc.Net.Client;
using Mlops.Registry.V1;

namespace Mlops.Inference.Tests;

/// <summary>What a test does to the registry: upload an ONNX file, register it, move an alias.</summary>
public sealed class RegistryCalls(GrpcChannel channel)
{
    private readonly RegistryService.RegistryServiceClient client = new(channel);

    public async Task<int> RegisterAsync(string modelName, byte[] onnx)
    {
        using var upload = client.UploadArtifact();
        await upload.RequestStream.WriteAsync(new UploadArtifactRequest { Header = new ArtifactHeader { Name = modelName + ".onnx", MediaType = "application/onnx" } });
        for (var offset = 0; offset < onnx.Length; offset += 64 * 1024)
        {
            await upload.RequestStream.WriteAsync(new UploadArtifactRequest { Chunk = ByteString.CopyFrom(onnx, offset, Math.Min(64 * 1024, onnx.Length - offset)) });
        }

        await upload.RequestStream.CompleteAsync();
        var artifact = await upload;
        var version = await client.RegisterModelVersionAsync(new RegisterModelVersionRequest { ModelName = modelName, OnnxSha256 = artifact.Sha256 });
        return version.Version;
    }

    public Task MoveAliasAsync(string modelName, string alias, int version) =>
        client.SetAliasAsync(new SetAliasRequest { ModelName = modelName, Alias = alias, Version = version, Reason = "test", Actor = "inference tests" }).ResponseAsync;
}

using Grpc.Net.Client;
using Mlops.Registry.V1;
using Mlops.TestSupport;

namespace Mlops.Inference.Tests;

/// <summary>What a test does to the registry: upload an ONNX file, register it, move an alias.</summary>
public sealed class RegistryCalls(GrpcChannel channel)
{
    private readonly RegistryService.RegistryServiceClient client = new(channel);

    public async Task<int> RegisterAsync(string modelName, byte[] onnx) => (await client.RegisterAsync(modelName, onnx)).Version;

    public Task MoveAliasAsync(string modelName, string alias, int version) =>
        client.SetAliasAsync(new SetAliasRequest { ModelName = modelName, Alias = alias, Version = version, Reason = "test", Actor = "inference tests" }).ResponseAsync;
}

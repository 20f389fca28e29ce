using Grpc.Core;
using Mlops.Registry.V1;
using Mlops.TestSupport;

namespace Mlops.Frontend.Tests;

/// <summary>
/// A frontend deployed with keys: the registry and the frontend as real processes holding the same issued keys (a read key,
/// a write key, and the admin key this fixture registers a model with). The frontend has no key of its own, so every call
/// a page makes succeeds only with the signed-in person's key. The other services' addresses lead nowhere.
/// </summary>
public sealed class SignedInFrontendFixture : IAsyncLifetime
{
    public const string ReadKey = "reader-key-4f1c9a";
    public const string WriteKey = "writer-key-77b2e0";
    public const string ModelName = "signed";
    private const string AdminKey = "admin-key-c03d5e";
    private readonly string dataRoot = Directory.CreateTempSubdirectory("mlops-signin-").FullName;
    private ServiceProcess? registry;
    private ServiceProcess? frontend;

    public Uri FrontendAddress => frontend!.HttpAddress;

    public string RunId { get; private set; } = "";

    /// <summary>Everything both processes wrote, to check that no key was ever logged.</summary>
    public string Output => registry!.Output + frontend!.Output;

    public RegistryService.RegistryServiceClient Registry => new(registry!.Channel);

    public async Task InitializeAsync()
    {
        registry = await ServiceProcess.StartAsync("Registry", WithKeys(new() { ["DataRoot"] = dataRoot }));
        var dead = $"http://127.0.0.1:{FreePort.Next()}";
        frontend = await ServiceProcess.StartAsync("Frontend", WithKeys(new()
        {
            ["Services__registry"] = registry.GrpcAddress.ToString(),
            ["Services__ingestion"] = dead,
            ["Services__training"] = dead,
            ["Services__inference"] = dead,
            ["Services__drift"] = dead,
        }));

        var admin = new Metadata { { "x-api-key", AdminKey } };
        var run = await Registry.CreateRunAsync(new CreateRunRequest { Experiment = "sign-in", Name = "signed-in run" }, admin);
        RunId = run.Id;
        var onnx = CentroidClassifierOnnx.Fit(FashionMnistSample.Train, FashionMnistSample.ClassNames).ToOnnx();
        await Registry.RegisterAsync(ModelName, onnx, headers: admin);
    }

    public async Task DisposeAsync()
    {
        if (frontend is not null)
        {
            await frontend.DisposeAsync();
        }

        if (registry is not null)
        {
            await registry.DisposeAsync();
        }

        Directory.Delete(dataRoot, recursive: true);
    }

    private static Dictionary<string, string?> WithKeys(Dictionary<string, string?> environment)
    {
        (string Name, string Key, string Scope)[] issued = [("reader", ReadKey, "read"), ("writer", WriteKey, "write"), ("admin", AdminKey, "admin")];
        for (var index = 0; index < issued.Length; index++)
        {
            environment[$"Auth__Keys__{index}__Name"] = issued[index].Name;
            environment[$"Auth__Keys__{index}__Key"] = issued[index].Key;
            environment[$"Auth__Keys__{index}__Scopes__0"] = issued[index].Scope;
        }

        return environment;
    }
}

[CollectionDefinition(Name)]
public sealed class SignedInFrontendCollection : ICollectionFixture<SignedInFrontendFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "frontend deployed with keys";
}

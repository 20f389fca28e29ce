using Grpc.Core;
using Mlops.Common.V1;
using Mlops.Registry.V1;
using Mlops.Storage;
using Mlops.TestSupport;

namespace Mlops.Registry.Tests;

/// <summary>Registering, resolving, archiving and collecting, against the running service.</summary>
public sealed class ModelVersionTests(SharedRegistry shared) : IClassFixture<SharedRegistry>
{
    private RegistryService.RegistryServiceClient Client => shared.Registry.Client;

    [Fact]
    public async Task Versions_are_numbered_per_model_and_resolve_by_name_alias_and_number()
    {
        var first = await Client.RegisterAsync("resolve", Models.GoodOnnx.Value, datasetVersion: SampleIngestionServer.DatasetVersionId);
        var second = await Client.RegisterAsync("resolve", Models.WorseOnnx.Value, datasetVersion: SampleIngestionServer.DatasetVersionId);
        var other = await Client.RegisterAsync("resolve-other", Models.GoodOnnx.Value, datasetVersion: SampleIngestionServer.DatasetVersionId);
        await Client.SetAliasAsync(new SetAliasRequest { ModelName = "resolve", Alias = "staging", Version = 1, Actor = "ci", Reason = "first look" });

        Assert.Equal((1, 2, 1), (first.Version, second.Version, other.Version));
        Assert.Equal(2, (await Get("resolve")).Version);
        Assert.Equal(1, (await Get("resolve/1")).Version);
        var staged = await Get("resolve@staging");
        Assert.Equal(1, staged.Version);
        Assert.Equal(["staging"], staged.Aliases);
        Assert.Equal(first.OnnxSha256, staged.OnnxSha256);
        Assert.Equal(["input"], staged.Signature.Inputs.Select(input => input.Name));
        Assert.Equal([-1L, 1, 28, 28], staged.Signature.Inputs[0].Shape);
        Assert.Equal("Ankle boot", staged.ClassNames[9]);
        var listed = (await Client.ListModelsAsync(new ListModelsRequest())).Models.Single(model => model.Name == "resolve");
        Assert.Equal(2, listed.LatestVersion);
        Assert.Equal(1, listed.Aliases["staging"]);
        var history = await Client.GetAliasHistoryAsync(new GetAliasHistoryRequest { ModelName = "resolve", Alias = "staging" });
        Assert.Equal(("ci", "first look", 0), (history.Changes[0].Actor, history.Changes[0].Reason, history.Changes[0].PreviousVersion));
    }

    [Theory]
    [InlineData("nobody", "No model 'nobody'")]
    [InlineData("unknowns/7", "has no version 7")]
    [InlineData("unknowns@canary", "has no alias 'canary'")]
    public async Task Unknown_models_versions_and_aliases_are_not_found(string reference, string message)
    {
        await Client.RegisterAsync("unknowns", Models.GoodOnnx.Value, datasetVersion: SampleIngestionServer.DatasetVersionId);

        var error = await Assert.ThrowsAsync<RpcException>(() => Get(reference));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains(message, error.Status.Detail);
    }

    [Fact]
    public async Task An_onnx_file_onnx_runtime_cannot_load_is_refused_and_nothing_is_registered()
    {
        var garbage = "this is not an ONNX model"u8.ToArray();
        var artifact = await Client.UploadAsync(garbage, "broken.onnx");

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.RegisterModelVersionAsync(
            new RegisterModelVersionRequest { ModelName = "broken", OnnxSha256 = artifact.Sha256, ClassNames = { "a" } }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("ONNX Runtime cannot load", error.Status.Detail);
        Assert.DoesNotContain((await Client.ListModelsAsync(new ListModelsRequest())).Models, model => model.Name == "broken");
    }

    [Fact]
    public async Task A_declared_signature_or_class_list_that_does_not_match_the_model_is_refused()
    {
        var artifact = await Client.UploadAsync(Models.GoodOnnx.Value, "centroid.onnx");
        var wrongShape = new RegisterModelVersionRequest
        {
            ModelName = "mismatch",
            OnnxSha256 = artifact.Sha256,
            Signature = new ModelSignature
            {
                Inputs = { new TensorSpec { Name = "input", Datatype = "FP32", Shape = { -1, 3, 32, 32 } } },
                Outputs = { new TensorSpec { Name = "probabilities", Datatype = "FP32", Shape = { -1, 10 } } },
            },
        };
        var wrongClasses = new RegisterModelVersionRequest { ModelName = "mismatch", OnnxSha256 = artifact.Sha256, ClassNames = { "cat", "dog" } };

        var shapeError = await Assert.ThrowsAsync<RpcException>(() => Client.RegisterModelVersionAsync(wrongShape).ResponseAsync);
        var classError = await Assert.ThrowsAsync<RpcException>(() => Client.RegisterModelVersionAsync(wrongClasses).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, shapeError.StatusCode);
        Assert.Contains("input: FP32[-1,3,32,32] is really input: FP32[-1,1,28,28]", shapeError.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, classError.StatusCode);
        Assert.Contains("2 class names", classError.Status.Detail);
        Assert.DoesNotContain((await Client.ListModelsAsync(new ListModelsRequest())).Models, model => model.Name == "mismatch");
    }

    [Fact]
    public async Task Registering_needs_the_artifact_uploaded_first()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.RegisterModelVersionAsync(
            new RegisterModelVersionRequest { ModelName = "missing", OnnxSha256 = new string('a', 64) }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("UploadArtifact", error.Status.Detail);
    }

    [Fact]
    public async Task Artifacts_stream_back_in_64_KiB_chunks_and_a_corrupted_blob_is_refused_with_data_loss()
    {
        var content = new byte[200_000];
        new Random(5).NextBytes(content);
        var artifact = await Client.UploadAsync(content, "weights.bin");
        var (downloaded, chunks) = await Client.DownloadAsync(artifact.Sha256);
        Assert.Equal(content, downloaded);
        Assert.Equal(4, chunks); // 3 x 64 KiB + the rest
        Assert.Equal(Sha256Hex.Of(content), artifact.Sha256);

        var path = shared.Registry.BlobPath(artifact.Sha256);
        var onDisk = await File.ReadAllBytesAsync(path);
        onDisk[1234] ^= 0xFF;
        await File.WriteAllBytesAsync(path, onDisk);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.DownloadAsync(artifact.Sha256));
        Assert.Equal(StatusCode.DataLoss, error.StatusCode);
        Assert.Contains($"Artifact {artifact.Sha256} is corrupted in storage", error.Status.Detail);
    }

    [Fact]
    public async Task A_corrupted_onnx_artifact_cannot_be_registered()
    {
        var artifact = await Client.UploadAsync(Models.Good.WithNoise(0.01, seed: 99).ToOnnx(), "soon-corrupt.onnx");
        var path = shared.Registry.BlobPath(artifact.Sha256);
        var onDisk = await File.ReadAllBytesAsync(path);
        onDisk[^10] ^= 0x01;
        await File.WriteAllBytesAsync(path, onDisk);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.RegisterModelVersionAsync(
            new RegisterModelVersionRequest { ModelName = "corrupt", OnnxSha256 = artifact.Sha256 }).ResponseAsync);

        Assert.Equal(StatusCode.DataLoss, error.StatusCode);
    }

    [Fact]
    public async Task An_upload_that_does_not_hash_to_the_expected_sha256_is_refused_and_nothing_is_stored()
    {
        var content = "some weights"u8.ToArray();
        var claimed = Sha256Hex.Of("other weights"u8);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.UploadAsync(content, "w.bin", expectedSha256: claimed));

        Assert.Equal(StatusCode.DataLoss, error.StatusCode);
        Assert.Contains("nothing was stored", error.Status.Detail);
        Assert.False(File.Exists(shared.Registry.BlobPath(Sha256Hex.Of(content))));
        var missing = await Assert.ThrowsAsync<RpcException>(() => Client.DownloadAsync(Sha256Hex.Of(content)));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var accepted = await Client.UploadAsync(content, "w.bin", expectedSha256: Sha256Hex.Of(content));
        Assert.Equal(Sha256Hex.Of(content), accepted.Sha256);
    }

    [Fact]
    public async Task A_version_an_alias_points_at_cannot_be_archived_and_archived_artifacts_are_collected()
    {
        var first = await Client.RegisterAsync("archive", Models.GoodOnnx.Value, datasetVersion: SampleIngestionServer.DatasetVersionId);
        var noisyOnnx = Models.Good.WithNoise(0.05, seed: 3).ToOnnx();
        var second = await Client.RegisterAsync("archive", noisyOnnx, datasetVersion: SampleIngestionServer.DatasetVersionId);
        await Client.SetAliasAsync(new SetAliasRequest { ModelName = "archive", Alias = "champion", Version = 1 });

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ArchiveModelVersionAsync(new ArchiveModelVersionRequest { ModelName = "archive", Version = 1 }).ResponseAsync);
        var archived = await Client.ArchiveModelVersionAsync(new ArchiveModelVersionRequest { ModelName = "archive", Version = 2 });
        var dryRun = await Client.CollectGarbageAsync(new CollectGarbageRequest { DryRun = true });
        var collected = await Client.CollectGarbageAsync(new CollectGarbageRequest());

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("'champion'", refused.Status.Detail);
        Assert.Equal(ModelVersionStatus.Archived, archived.Status);
        Assert.Contains(second.OnnxSha256, dryRun.RemovedSha256);
        Assert.Contains(second.OnnxSha256, collected.RemovedSha256);
        Assert.DoesNotContain(first.OnnxSha256, collected.RemovedSha256);
        Assert.False(File.Exists(shared.Registry.BlobPath(second.OnnxSha256)));
        Assert.Equal(1, (await Get("archive")).Version); // the latest version that is not archived
    }

    private async Task<ModelVersion> Get(string reference) =>
        await Client.GetModelVersionAsync(new GetModelVersionRequest { Reference = reference });
}

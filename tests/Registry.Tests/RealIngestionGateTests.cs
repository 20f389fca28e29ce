using Grpc.Core;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;

namespace Mlops.Registry.Tests;

/// <summary>The gate end to end with the real Ingestion service: import the Fashion-MNIST sample, then promote a model trained on it.</summary>
public sealed class RealIngestionGateTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_gate_evaluates_on_the_test_split_the_ingestion_service_streams()
    {
        var ingestionRoot = Directory.CreateTempSubdirectory("registry-ingestion-").FullName;
        try
        {
            await using var ingestion = await ServiceProcess.StartAsync("Ingestion", new Dictionary<string, string?>
            {
                ["DataRoot"] = ingestionRoot,
                ["Ingestion__ImportRoots__0"] = RepositoryLayout.FashionMnistSampleFolder,
            }, output.WriteLine);
            var files = FashionMnistSample.SampleFiles;
            var imported = await new IngestionService.IngestionServiceClient(ingestion.Channel).ImportDatasetAsync(new ImportDatasetRequest
            {
                Name = "fashion-sample",
                Idx = new IdxSource { ImagesPath = files.TrainImages, LabelsPath = files.TrainLabels, TestImagesPath = files.TestImages, TestLabelsPath = files.TestLabels },
                ClassNames = { FashionMnistSample.ClassNames },
            });
            await using var registry = await RegistryProcess.StartAsync(output, new Dictionary<string, string?>
            {
                ["services__ingestion__grpc__0"] = ingestion.GrpcAddress.ToString(),
            });

            await registry.Client.RegisterAsync("fashion", Models.GoodOnnx.Value, datasetVersion: imported.Version.Id);
            await registry.Client.RegisterAsync("fashion", Models.WorseOnnx.Value, datasetVersion: imported.Version.Id);
            var promoted = await registry.Client.PromoteModelAsync(new PromoteModelRequest { ModelName = "fashion", Version = 1 });
            var refused = await Assert.ThrowsAsync<RpcException>(() =>
                registry.Client.PromoteModelAsync(new PromoteModelRequest { ModelName = "fashion", Version = 2 }).ResponseAsync);

            var expected = CentroidClassifierOnnxTests.Accuracy(
                CentroidClassifierOnnxTests.Predict(Models.GoodOnnx.Value, FashionMnistSample.Test), FashionMnistSample.Test);
            Assert.True(promoted.Gate.Passed);
            Assert.Equal(FashionMnistSample.Test.Count, promoted.Gate.Samples);
            Assert.Equal(expected, promoted.Gate.Accuracy, precision: 6);
            Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
            Assert.Contains("max_accuracy_drop_vs_production FAILED", refused.Status.Detail);
        }
        finally
        {
            Directory.Delete(ingestionRoot, recursive: true);
        }
    }
}

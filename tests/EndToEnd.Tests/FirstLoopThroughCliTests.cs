using Google.Protobuf;
using Mlops.Drift.V1;
using Mlops.Imaging;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using Mlops.Training.V1;

namespace Mlops.EndToEnd.Tests;

/// <summary>The README's loop, driven through `mlops` against the AppHost: import, train, promote, predict, see drift.</summary>
[Collection(PlatformWithRedisCollection.Name)]
public sealed class FirstLoopThroughCliTests(PlatformWithRedis platform)
{
    private static readonly JsonParser Json = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly TimeSpan ServingTimeout = TimeSpan.FromSeconds(300);

    [Fact]
    public async Task Import_train_promote_predict_and_the_prediction_reaches_a_drift_window()
    {
        var cli = new CliRunner(platform);
        var sample = RepositoryLayout.FashionMnistSampleFolder;

        var imported = Json.Parse<ImportDatasetResponse>(await cli.RunJsonAsync(
            "data", "import", "fashion-sample",
            "--idx", Path.Combine(sample, FashionMnist.TrainImagesFile), Path.Combine(sample, FashionMnist.TrainLabelsFile),
            "--test-idx", Path.Combine(sample, FashionMnist.TestImagesFile), Path.Combine(sample, FashionMnist.TestLabelsFile),
            "--class-names", string.Join(',', FashionMnist.ClassNames)));
        Assert.Equal(1000, imported.Version.Splits.Single(split => split.Split == Common.V1.Split.Test).Count);

        var job = Json.Parse<Job>(await cli.RunJsonAsync(
            "train", "quick", $"data.dataset={imported.Version.Id}", "epochs=3", "--model-name", "fashion"));
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.True(job.ModelVersion > 0);

        var promoted = Json.Parse<PromoteModelResponse>(await cli.RunJsonAsync(
            "models", "promote", "fashion", job.ModelVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(promoted.Gate.Passed);
        Assert.Equal(job.ModelVersion, promoted.Change.Version);

        var image = Path.Combine(Directory.CreateTempSubdirectory("mlops-loop-").FullName, "first-test-image.png");
        var testImages = IdxReader.ReadImages(Path.Combine(sample, FashionMnist.TestImagesFile));
        await File.WriteAllBytesAsync(image, ImageEncoder.EncodePng(testImages.GetImage(0), testImages.Height, testImages.Width));

        var predicted = await RetryUntilServedAsync(() => cli.RunJsonAsync("predict", image, "--model", "fashion"));
        Assert.Contains($"\"modelVersion\": {job.ModelVersion}", predicted);

        var window = await WaitForRecordAsync(cli, job.ModelVersion);
        Assert.True(window.RecordCount >= 1);
    }

    private static async Task<string> RetryUntilServedAsync(Func<Task<string>> predict)
    {
        var deadline = DateTime.UtcNow + ServingTimeout;
        while (true)
        {
            try
            {
                return await predict();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // The inference service loads the new production model when the registry's alias watch says so.
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static async Task<Window> WaitForRecordAsync(CliRunner cli, int modelVersion)
    {
        var deadline = DateTime.UtcNow + ServingTimeout;
        while (true)
        {
            var windows = Json.Parse<ListWindowsResponse>(await cli.RunJsonAsync(
                "drift", "windows", "--model", "fashion", "--version", modelVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var withRecords = windows.Windows.FirstOrDefault(window => window.RecordCount > 0);
            if (withRecords is not null || DateTime.UtcNow > deadline)
            {
                return withRecords ?? throw new TimeoutException("No drift window received the prediction's record.");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Mlops.Imaging;
using Mlops.Inference.V1;
using Mlops.OpenInference;
using Mlops.TestSupport;

namespace Mlops.Inference.Tests;

[Collection(InferenceStackCollection.Name)]
public sealed class ServingTests(InferenceStack stack)
{
    private const float Tolerance = 1e-5f;

    [Fact]
    public async Task Predict_answers_what_onnx_runtime_computes_on_the_same_file()
    {
        using var reference = new ReferenceScorer(Models.First);
        for (var index = 0; index < 40; index++)
        {
            var answer = await stack.Client.PredictAsync(Requests.Raw(index, requestId: $"r{index}"));
            var expected = reference.Probabilities(Models.Test.Image(index));

            Assert.Equal(expected, answer.Probabilities.ToArray(), (a, b) => Math.Abs(a - b) < Tolerance);
            Assert.Equal(Array.IndexOf(expected, expected.Max()), answer.Label);
            Assert.Equal(Mlops.Imaging.FashionMnist.ClassNames[answer.Label], answer.ClassName);
            Assert.Equal(("fashion", stack.FirstVersion, $"r{index}"), (answer.ModelName, answer.ModelVersion, answer.RequestId));
        }
    }

    [Fact]
    public async Task A_png_of_an_image_gets_the_same_answer_as_its_raw_pixels()
    {
        var png = ImageEncoder.EncodePng(Models.Test.Image(3), 28, 28);

        var fromPng = await stack.Client.PredictAsync(Requests.Encoded(png));
        var fromPixels = await stack.Client.PredictAsync(Requests.Raw(3));

        Assert.Equal(fromPixels.Probabilities, fromPng.Probabilities);
    }

    [Fact]
    public async Task Float_pixels_get_the_same_answer_as_bytes()
    {
        var floats = Models.Test.Image(5).ToArray().Select(value => value / 255f);

        var fromFloats = await stack.Client.PredictAsync(Requests.Floats(floats));
        var fromBytes = await stack.Client.PredictAsync(Requests.Raw(5));

        Assert.Equal(fromBytes.Probabilities, fromFloats.Probabilities);
    }

    [Fact]
    public async Task PredictBatch_answers_each_image_in_order()
    {
        var request = new PredictBatchRequest { ModelName = "fashion" };
        request.Images.AddRange(Enumerable.Range(0, 20).Select(index => Requests.Raw(index).Image));

        var batch = await stack.Client.PredictBatchAsync(request);

        for (var index = 0; index < 20; index++)
        {
            var single = await stack.Client.PredictAsync(Requests.Raw(index));
            Assert.Equal(single.Probabilities, batch.Predictions[index].Probabilities);
        }
    }

    [Fact]
    public async Task PredictStream_answers_in_request_order_with_each_request_id()
    {
        using var call = stack.Client.PredictStream();
        var reading = Task.Run(async () => await call.ResponseStream.ReadAllAsync().ToListAsync());
        for (var index = 0; index < 300; index++)
        {
            await call.RequestStream.WriteAsync(Requests.Raw(index % Models.Test.Count, requestId: $"s{index}"));
        }

        await call.RequestStream.CompleteAsync();
        var answers = await reading;

        Assert.Equal(Enumerable.Range(0, 300).Select(index => $"s{index}"), answers.Select(answer => answer.RequestId));
        var expected = await stack.Client.PredictAsync(Requests.Raw(17));
        Assert.Equal(expected.Probabilities, answers[17].Probabilities);
    }

    [Fact]
    public async Task ModelInfer_with_raw_contents_answers_as_Predict_does()
    {
        const int batch = 6;
        var bytes = Models.Test.Pixels.AsSpan(0, batch * 784);
        var floats = new float[batch * 784];
        for (var index = 0; index < floats.Length; index++)
        {
            floats[index] = bytes[index] / 255f;
        }

        var fp32 = Infer("FP32", batch);
        fp32.RawInputContents.Add(ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(floats.AsSpan())));
        var uint8 = Infer("UINT8", batch);
        uint8.RawInputContents.Add(ByteString.CopyFrom(bytes));

        foreach (var request in new[] { fp32, uint8 })
        {
            var response = await stack.OpenInference.ModelInferAsync(request);

            Assert.Equal(("fashion", stack.FirstVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), "infer-1"),
                (response.ModelName, response.ModelVersion, response.Id));
            Assert.Equal([batch, 10L], response.Outputs[0].Shape);
            var probabilities = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(response.RawOutputContents[0].Span).ToArray();
            for (var row = 0; row < batch; row++)
            {
                var predicted = await stack.Client.PredictAsync(Requests.Raw(row));
                Assert.Equal(predicted.Probabilities, probabilities.AsSpan(row * 10, 10).ToArray());
            }
        }
    }

    [Fact]
    public async Task ModelInfer_with_typed_contents_answers_in_typed_contents()
    {
        var request = Infer("UINT8", 2);
        request.Inputs[0].Contents = new InferTensorContents();
        request.Inputs[0].Contents.UintContents.AddRange(Models.Test.Pixels.Take(2 * 784).Select(value => (uint)value));

        var response = await stack.OpenInference.ModelInferAsync(request);

        Assert.Empty(response.RawOutputContents);
        var second = await stack.Client.PredictAsync(Requests.Raw(1));
        Assert.Equal(second.Probabilities, response.Outputs[0].Contents.Fp32Contents.Skip(10));
    }

    [Fact]
    public async Task The_open_inference_protocol_describes_the_loaded_model()
    {
        var metadata = await stack.OpenInference.ModelMetadataAsync(new ModelMetadataRequest { Name = "fashion" });
        var ready = await stack.OpenInference.ServerReadyAsync(new ServerReadyRequest());
        var modelReady = await stack.OpenInference.ModelReadyAsync(new ModelReadyRequest { Name = "fashion" });
        var status = await stack.Client.GetServingStatusAsync(new GetServingStatusRequest());

        Assert.Equal("onnxruntime_onnx", metadata.Platform);
        Assert.Equal([stack.FirstVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)], metadata.Versions);
        Assert.Equal(("input", "FP32"), (metadata.Inputs[0].Name, metadata.Inputs[0].Datatype));
        Assert.Equal([-1L, 1, 28, 28], metadata.Inputs[0].Shape);
        Assert.Equal([-1L, 10], metadata.Outputs[0].Shape);
        Assert.True(ready.Ready);
        Assert.True(modelReady.Ready);
        Assert.True(status.Ready);
        Assert.Equal(Mlops.Imaging.FashionMnist.ClassNames, status.Models.Single(model => model.ModelName == "fashion").ClassNames);
    }

    [Fact]
    public async Task Json_transcoding_and_a_plain_http_upload_answer_like_grpc()
    {
        var expected = await stack.Client.PredictAsync(Requests.Raw(9));
        using var http = new HttpClient { BaseAddress = stack.Inference.HttpAddress };

        var json = await http.PostAsJsonAsync("/v1/models/fashion:predict", new
        {
            image = new { pixels = new { shape = new { channels = 1, height = 28, width = 28 }, uint8Data = Convert.ToBase64String(Models.Test.Image(9)) } },
        });
        json.EnsureSuccessStatusCode();
        using var transcoded = JsonDocument.Parse(await json.Content.ReadAsStringAsync());

        var png = ImageEncoder.EncodePng(Models.Test.Image(9), 28, 28);
        using var body = new ByteArrayContent(png);
        body.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var raw = await http.PostAsync("/v1/models/fashion/predict-image", body);
        raw.EnsureSuccessStatusCode();
        using var uploaded = JsonDocument.Parse(await raw.Content.ReadAsStringAsync());

        using var form = new MultipartFormDataContent { { new ByteArrayContent(png), "image", "coat.png" } };
        var multipart = await http.PostAsync("/v1/models/fashion/predict-image", form);
        multipart.EnsureSuccessStatusCode();
        using var formAnswer = JsonDocument.Parse(await multipart.Content.ReadAsStringAsync());

        Assert.Equal(expected.ClassName, transcoded.RootElement.GetProperty("className").GetString());
        Assert.Equal(expected.Label, uploaded.RootElement.GetProperty("label").GetInt32());
        Assert.Equal(expected.Label, formAnswer.RootElement.GetProperty("label").GetInt32());
        Assert.Equal(stack.FirstVersion, formAnswer.RootElement.GetProperty("modelVersion").GetInt32());
    }

    [Fact]
    public async Task The_same_image_again_is_answered_from_the_cache()
    {
        var request = Requests.Raw(11, requestId: "cache");
        request.Image.Pixels.Uint8Data = ByteString.CopyFrom(Models.Test.Image(11).ToArray().Select(value => (byte)(255 - value)).ToArray());

        var first = await stack.Client.PredictAsync(request);
        // The answer is stored in the background, and a lookup that misses its timeout on a loaded machine skips the cache
        // for a while: ask again until the stored answer comes back.
        var second = await Eventually(async () => await stack.Client.PredictAsync(request) is { Cached: true } cached ? cached : null);

        Assert.False(first.Cached);
        Assert.Equal(first.Probabilities, second.Probabilities);
    }

    [Fact]
    public async Task Every_prediction_reaches_the_drift_service_with_statistics_and_probabilities()
    {
        var answer = await stack.Client.PredictAsync(Requests.Raw(2, requestId: "for-drift"));

        var record = await Eventually(() => stack.Drift.Received.FirstOrDefault(entry => entry.Record.RequestId == "for-drift"));

        Assert.Equal(ImageFeatures.Names, record.FeatureNames);
        var features = ImageStatistics.Compute(Models.Test.Image(2), 28, 28).ToArray();
        Assert.Equal(features, record.Record.Features, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(answer.Probabilities, record.Record.Probabilities);
        Assert.Equal((answer.Label, stack.FirstVersion, "fashion"), (record.Record.PredictedLabel, record.Record.ModelVersion, record.Record.ModelName));
        // The served model's lineage travels with its records, so Drift need not ask the registry about the version.
        var lineage = Assert.Single(record.Models, model => model.ModelName == "fashion" && model.ModelVersion == stack.FirstVersion);
        Assert.Equal(10, lineage.ClassNames.Count);
        Assert.Matches("^[0-9a-f]{64}$", lineage.OnnxSha256);
    }

    [Fact]
    public async Task Metrics_count_requests_batches_and_cache_lookups_with_the_model_version()
    {
        await stack.Client.PredictAsync(Requests.Raw(0));
        using var http = new HttpClient { BaseAddress = stack.Inference.HttpAddress };

        var metrics = await Eventually(async () =>
        {
            var text = await http.GetStringAsync("/metrics");
            // Each instrument appears once its first measurement is exported; the cache lookup is counted in the background.
            return new[] { "mlops_inference_requests", "mlops_inference_batch_size", "mlops_inference_cache" }
                .All(name => text.Contains(name, StringComparison.Ordinal)) ? text : null;
        });

        Assert.Contains($"model_version=\"{stack.FirstVersion}\"", metrics, StringComparison.Ordinal);
        Assert.Contains("mlops_inference_latency_milliseconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("mlops_inference_batch_size", metrics, StringComparison.Ordinal);
        Assert.Contains("mlops_inference_cache", metrics, StringComparison.Ordinal);
    }

    private static ModelInferRequest Infer(string datatype, int batch)
    {
        var request = new ModelInferRequest { ModelName = "fashion", Id = "infer-1" };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = datatype, Shape = { batch, 1, 28, 28 } });
        return request;
    }

    private static Task<T> Eventually<T>(Func<T?> probe) => Eventually(() => Task.FromResult(probe()));

    private static Task<T> Eventually<T>(Func<Task<T?>> probe) =>
        Condition.WaitForAsync("the condition", probe, TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(250));
}

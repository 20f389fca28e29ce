using Google.Protobuf;
using Grpc.Core;
using Mlops.Inference.V1;
using Mlops.OpenInference;

namespace Mlops.Inference.Tests;

[Collection(InferenceStackCollection.Name)]
public sealed class BadInputTests(InferenceStack stack)
{
    public static TheoryData<string> NativeCases => [.. NativeRequests.Keys];

    public static TheoryData<string> OpenInferenceCases => [.. OpenInferenceRequests.Keys];

    private static Dictionary<string, (PredictRequest Request, StatusCode Status, string Says)> NativeRequests => new()
    {
        ["undecodable image"] = (Requests.Encoded([1, 2, 3, 4, 5, 6, 7, 8, 9]), StatusCode.InvalidArgument, "Cannot decode"),
        ["truncated png"] = (Requests.Encoded(Imaging.ImageEncoder.EncodePng(Models.Test.Image(0), 28, 28)[..40]), StatusCode.InvalidArgument, "image"),
        ["wrong size"] = (WithPixels(new byte[100], channels: 0), StatusCode.InvalidArgument, "784"),
        ["wrong channel count"] = (WithPixels(new byte[3 * 784], channels: 3), StatusCode.InvalidArgument, "3x28x28"),
        ["NaN pixel"] = (Requests.Floats(Enumerable.Repeat(float.NaN, 784)), StatusCode.InvalidArgument, "NaN"),
        ["infinite pixel"] = (Requests.Floats(Enumerable.Repeat(float.PositiveInfinity, 784)), StatusCode.InvalidArgument, "must be finite"),
        ["no image"] = (new PredictRequest(), StatusCode.InvalidArgument, "no image"),
        ["unknown model"] = (Requests.Raw(0, model: "no-such-model"), StatusCode.NotFound, "no-such-model"),
        ["over the message size"] = (Requests.Encoded(new byte[InferenceStack.MaxMessageBytes + 1]), StatusCode.ResourceExhausted, ""),
    };

    private static Dictionary<string, (ModelInferRequest Request, StatusCode Status, string Says)> OpenInferenceRequests => new()
    {
        ["wrong datatype"] = (Infer("INT64", [1, 1, 28, 28], new byte[784 * 8]), StatusCode.InvalidArgument, "INT64"),
        ["wrong shape"] = (Infer("UINT8", [1, 28, 28], new byte[784]), StatusCode.InvalidArgument, "[batch, 1, 28, 28]"),
        ["wrong byte length"] = (Infer("FP32", [2, 1, 28, 28], new byte[784 * 4]), StatusCode.InvalidArgument, "6272"),
        ["NaN in raw floats"] = (Infer("FP32", [1, 1, 28, 28], NaNs()), StatusCode.InvalidArgument, "NaN"),
        ["wrong input name"] = (Renamed(Infer("UINT8", [1, 1, 28, 28], new byte[784]), "pixels"), StatusCode.InvalidArgument, "'input'"),
        ["unknown model"] = (Infer("UINT8", [1, 1, 28, 28], new byte[784], model: "nope"), StatusCode.NotFound, "nope"),
        ["unserved version"] = (Infer("UINT8", [1, 1, 28, 28], new byte[784], version: "99"), StatusCode.NotFound, "99"),
    };

    [Theory]
    [MemberData(nameof(NativeCases))]
    public async Task Native_bad_input_gets_its_status_and_the_service_keeps_serving(string name)
    {
        var (request, status, says) = NativeRequests[name];

        var error = await Assert.ThrowsAsync<RpcException>(() => stack.Client.PredictAsync(request).ResponseAsync);

        Assert.Equal(status, error.StatusCode);
        Assert.Contains(says, error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(stack.FirstVersion, (await stack.Client.PredictAsync(Requests.Raw(0))).ModelVersion);
    }

    [Theory]
    [MemberData(nameof(OpenInferenceCases))]
    public async Task Open_inference_bad_input_gets_its_status(string name)
    {
        var (request, status, says) = OpenInferenceRequests[name];

        var error = await Assert.ThrowsAsync<RpcException>(() => stack.OpenInference.ModelInferAsync(request).ResponseAsync);

        Assert.Equal(status, error.StatusCode);
        Assert.Contains(says, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_image_in_a_stream_ends_it_with_its_status_after_the_answers_before_it()
    {
        using var call = stack.Client.PredictStream();
        await call.RequestStream.WriteAsync(Requests.Raw(0, requestId: "good"));
        await call.RequestStream.WriteAsync(Requests.Encoded([9, 9, 9]));
        await call.RequestStream.CompleteAsync();

        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal("good", call.ResponseStream.Current.RequestId);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task A_bad_upload_gets_a_400_with_the_reason()
    {
        using var http = new HttpClient { BaseAddress = stack.Inference.HttpAddress };

        var response = await http.PostAsync("/v1/models/fashion/predict-image", new ByteArrayContent([1, 2, 3]));
        var unknown = await http.PostAsync("/v1/models/nope/predict-image", new ByteArrayContent(Imaging.ImageEncoder.EncodePng(Models.Test.Image(0), 28, 28)));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Cannot decode", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static PredictRequest WithPixels(byte[] pixels, int channels)
    {
        var request = new PredictRequest { Image = new ImageInput { Pixels = new RawPixels { Uint8Data = ByteString.CopyFrom(pixels) } } };
        if (channels > 0)
        {
            request.Image.Pixels.Shape = new Common.V1.ImageShape { Channels = channels, Height = 28, Width = 28 };
        }

        return request;
    }

    private static ModelInferRequest Infer(string datatype, long[] shape, byte[] raw, string model = "fashion", string version = "")
    {
        var request = new ModelInferRequest { ModelName = model, ModelVersion = version };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = datatype, Shape = { shape } });
        request.RawInputContents.Add(ByteString.CopyFrom(raw));
        return request;
    }

    private static ModelInferRequest Renamed(ModelInferRequest request, string name)
    {
        request.Inputs[0].Name = name;
        return request;
    }

    private static byte[] NaNs()
    {
        var values = Enumerable.Repeat(0.5f, 784).ToArray();
        values[100] = float.NaN;
        return System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }
}

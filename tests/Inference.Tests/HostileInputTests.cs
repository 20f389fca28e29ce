using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Mlops.Imaging;
using Mlops.Inference.V1;
using Mlops.ServiceDefaults;

namespace Mlops.Inference.Tests;

/// <summary>Inputs the outside bad-input run found answered UNKNOWN or HTTP 500: a clear status or problem+json 4xx.</summary>
[Collection(InferenceStackCollection.Name)]
public sealed class HostileInputTests(InferenceStack stack)
{
    [Theory]
    [InlineData(1, 65536, 65536)]
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue)]
    [InlineData(3, 1, -5)]
    public async Task A_raw_pixel_shape_whose_size_overflows_is_invalid(int channels, int height, int width)
    {
        var request = new PredictRequest
        {
            ModelName = "fashion",
            Image = new ImageInput
            {
                Pixels = new RawPixels
                {
                    Uint8Data = ByteString.CopyFrom(new byte[784]),
                    Shape = new Common.V1.ImageShape { Channels = channels, Height = height, Width = width },
                },
            },
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => stack.Client.PredictAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("sides of 1 to", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_data_binary_which_sends_an_image_as_a_url_encoded_form_is_predicted()
    {
        var expected = await stack.Client.PredictAsync(Requests.Raw(4));
        using var http = new HttpClient { BaseAddress = stack.Inference.HttpAddress };
        using var body = new ByteArrayContent(ImageEncoder.EncodePng(Models.Test.Image(4), 28, 28));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");

        var response = await http.PostAsync("/v1/models/fashion/predict-image", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected.Label, answer.RootElement.GetProperty("label").GetInt32());
    }

    [Fact]
    public async Task A_raw_upload_past_the_message_limit_without_a_length_is_refused_413_and_serving_goes_on()
    {
        using var http = new HttpClient { BaseAddress = stack.Inference.HttpAddress };
        // No Content-Length (chunked), so the limit can only be found while reading.
        using var body = new StreamContent(new ZeroStream(GrpcDefaults.DefaultMaxMessageBytes + 1));
        body.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        var response = await http.PostAsync("/v1/models/fashion/predict-image", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await stack.Client.PredictAsync(Requests.Raw(4))).Probabilities.Count > 0);
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=not-the-one-in-the-body")]
    public async Task A_multipart_body_without_its_boundary_is_a_problem_400_not_a_500(string contentType)
    {
        using var http = new HttpClient { BaseAddress = stack.Inference.HttpAddress };
        var png = ImageEncoder.EncodePng(Models.Test.Image(4), 28, 28);
        var form = "--real-boundary\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\n"u8.ToArray()
            .Concat(png).Concat("\r\n--real-boundary--\r\n"u8.ToArray()).ToArray();
        using var body = new ByteArrayContent(form);
        body.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await http.PostAsync("/v1/models/fashion/predict-image", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("multipart", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>A body of zero bytes of a given length whose length the client does not know in advance.</summary>
internal sealed class ZeroStream(long length) : Stream
{
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = (int)Math.Min(count, length - position);
        Array.Clear(buffer, offset, read);
        position += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

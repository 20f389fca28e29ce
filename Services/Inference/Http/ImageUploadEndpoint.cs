using System.Buffers;
using Mlops.Imaging;
using Mlops.Inference.Preprocessing;
using Mlops.Inference.Serving;
using Mlops.ServiceDefaults;

namespace Mlops.Inference.Http;

/// <summary>
/// POST /v1/models/{name}/predict-image with a PNG/JPEG file as the first file of a multipart/form-data form
/// (<c>curl -F image=@shoe.png ...</c>) or as the raw body under any other content type, including the
/// application/x-www-form-urlencoded that <c>curl --data-binary @shoe.png http://127.0.0.1:5401/v1/models/fashion/predict-image</c> sends.
/// Every client mistake answers a problem+json 4xx.
/// </summary>
public static class ImageUploadEndpoint
{
    public const string Route = "/v1/models/{name}/predict-image";

    public sealed record Answer(int Label, string ClassName, float[] Probabilities, string ModelName, int ModelVersion, bool Cached);

    public static IEndpointRouteBuilder MapImageUpload(this IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<IConfiguration>().GetValue("Grpc:MaxMessageBytes", GrpcDefaults.DefaultMaxMessageBytes);
        app.MapPost(Route, (string name, HttpRequest request, PredictionPipeline pipeline) => PredictAsync(name, request, pipeline, maxBytes))
            .DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> PredictAsync(string name, HttpRequest request, PredictionPipeline pipeline, int maxBytes)
    {
        try
        {
            return await ReadAndPredictAsync(name, request, pipeline, maxBytes);
        }
        catch (BadHttpRequestException error)
        {
            return Results.Problem(error.Message, statusCode: error.StatusCode);
        }
        catch (Exception error) when (error is InvalidDataException or IOException && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Results.Problem(
                $"The multipart form cannot be read ({error.Message}): send it with its boundary (curl -F image=@shoe.png), or send the image as the raw body.",
                statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> ReadAndPredictAsync(string name, HttpRequest request, PredictionPipeline pipeline, int maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return TooLarge(request.ContentLength.Value, maxBytes);
        }

        byte[] file;
        if (IsMultipart(request))
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            if (form.Files.Count == 0)
            {
                return Results.Problem("The form has no file: send the image as a file field (curl -F image=@shoe.png).", statusCode: StatusCodes.Status400BadRequest);
            }

            if (form.Files[0].Length > maxBytes)
            {
                return TooLarge(form.Files[0].Length, maxBytes);
            }

            using var content = new MemoryStream();
            await form.Files[0].CopyToAsync(content, request.HttpContext.RequestAborted);
            file = content.ToArray();
        }
        else
        {
            var (body, size) = await ReadBodyAsync(request, maxBytes);
            if (body is null)
            {
                return TooLarge(size, maxBytes);
            }

            file = body;
        }

        try
        {
            var result = await pipeline.PredictAsync(name, ImageSource.Encoded(file), request.HttpContext.TraceIdentifier, "PredictImage", request.HttpContext.RequestAborted);
            return Results.Ok(new Answer(result.Label, result.ClassName, result.Probabilities, result.ModelName, result.ModelVersion, result.Cached));
        }
        catch (Exception error) when (error is InvalidImageDataException or InvalidInputException)
        {
            return Results.Problem(error.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (ModelNotFoundException error)
        {
            return Results.Problem(error.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (ModelNotReadyException error)
        {
            return Results.Problem(error.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (ServiceOverloadedException error)
        {
            request.HttpContext.Response.Headers.RetryAfter = error.RetryAfterSeconds;
            return Results.Problem(error.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>The raw body; no body, and the bytes read so far, as soon as it passes <paramref name="maxBytes"/>.</summary>
    private static async Task<(byte[]? Body, long Size)> ReadBodyAsync(HttpRequest request, int maxBytes)
    {
        using var content = new MemoryStream(request.ContentLength is > 0 and var length && length <= maxBytes ? (int)length : 0);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
            {
                if (content.Length + read > maxBytes)
                {
                    return (null, content.Length + read);
                }

                content.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (content.ToArray(), content.Length);
    }

    private static bool IsMultipart(HttpRequest request) =>
        request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;

    private static IResult TooLarge(long size, int maxBytes) =>
        Results.Problem($"The upload is {size} bytes or more; at most {maxBytes} are accepted.", statusCode: StatusCodes.Status413PayloadTooLarge);
}

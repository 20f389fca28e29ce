using Grpc.Core;
using Mlops.Inference.V1;

namespace Mlops.Frontend.Platform;

/// <summary>
/// Predicts many images with one PredictBatch call per group (<see cref="PredictionBatches"/>) instead of one Predict per
/// image. Inference refuses a whole batch for one bad image, so a refused group is asked again image by image: the refusal
/// lands on the file that caused it and the others still get their answer.
/// </summary>
public sealed class BatchPredictor(InferenceService.InferenceServiceClient inference)
{
    /// <summary>One answer per image, in the images' order.</summary>
    public async Task<IReadOnlyList<ServiceResult<Prediction>>> PredictAsync(IReadOnlyList<ImageInput> images, CancellationToken cancellationToken = default)
    {
        var answers = new List<ServiceResult<Prediction>>(images.Count);
        foreach (var group in PredictionBatches.Split(images, image => image.CalculateSize()))
        {
            answers.AddRange(group.Count == 1
                ? [await PredictOneAsync(group[0], cancellationToken)]
                : await PredictGroupAsync(group, cancellationToken));
        }

        return answers;
    }

    private async Task<IReadOnlyList<ServiceResult<Prediction>>> PredictGroupAsync(IReadOnlyList<ImageInput> group, CancellationToken cancellationToken)
    {
        var request = new PredictBatchRequest();
        request.Images.AddRange(group);
        try
        {
            var response = await inference.PredictBatchAsync(request, cancellationToken: cancellationToken);
            return response.Predictions.Select(prediction => new ServiceResult<Prediction>(prediction, null)).ToList();
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.InvalidArgument)
        {
            var answers = new List<ServiceResult<Prediction>>(group.Count);
            foreach (var image in group)
            {
                answers.Add(await PredictOneAsync(image, cancellationToken));
            }

            return answers;
        }
        catch (RpcException error)
        {
            var failed = new ServiceResult<Prediction>(default, ServiceCall.Describe(PlatformServices.Inference, error));
            return group.Select(_ => failed).ToList();
        }
    }

    private Task<ServiceResult<Prediction>> PredictOneAsync(ImageInput image, CancellationToken cancellationToken) =>
        ServiceCall.RunAsync(PlatformServices.Inference,
            async () => await inference.PredictAsync(new PredictRequest { Image = image }, cancellationToken: cancellationToken));
}

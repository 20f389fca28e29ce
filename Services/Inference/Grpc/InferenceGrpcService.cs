using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Mlops.Inference.Batching;
using Mlops.Inference.Serving;
using Mlops.Inference.V1;

namespace Mlops.Inference.Grpc;

public sealed class InferenceGrpcService(PredictionPipeline pipeline, IOptions<BatchingOptions> batching) : InferenceService.InferenceServiceBase
{
    private readonly int streamWindow = batching.Value.StreamWindow;

    public override async Task<Prediction> Predict(PredictRequest request, ServerCallContext context) =>
        NativeMessages.ToMessage(
            await pipeline.PredictAsync(request.ModelName, NativeMessages.ToSource(request.Image), request.RequestId, nameof(Predict), context.CancellationToken),
            request.RequestId);

    public override async Task<PredictBatchResponse> PredictBatch(PredictBatchRequest request, ServerCallContext context)
    {
        var sources = request.Images.Select(NativeMessages.ToSource).ToList();
        var answers = await Task.WhenAll(sources.Select(source =>
            pipeline.PredictAsync(request.ModelName, source, string.Empty, nameof(PredictBatch), context.CancellationToken).AsTask()));
        var response = new PredictBatchResponse();
        response.Predictions.AddRange(answers.Select(answer => NativeMessages.ToMessage(answer, string.Empty)));
        return response;
    }

    public override async Task PredictStream(IAsyncStreamReader<PredictRequest> requestStream, IServerStreamWriter<Prediction> responseStream, ServerCallContext context)
    {
        // Requests are started as they arrive (so they batch with each other) and answered in arrival order.
        var inFlight = Channel.CreateBounded<Task<Prediction>>(new BoundedChannelOptions(streamWindow) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var reading = ReadAsync(requestStream, inFlight.Writer, stop.Token);
        try
        {
            await foreach (var answer in inFlight.Reader.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(await answer, context.CancellationToken);
            }
        }
        catch
        {
            await stop.CancelAsync();
            await reading.ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }

        await reading;
    }

    public override Task<ServingStatus> GetServingStatus(GetServingStatusRequest request, ServerCallContext context)
    {
        var models = pipeline.Models;
        var status = new ServingStatus
        {
            Ready = models.IsReady,
            Message = models.IsReady
                ? "serving"
                : $"not ready: waiting for {string.Join(", ", models.ConfiguredNames.Where(name => models.Find(name) is null).Select(name => $"{name}@{models.Alias}"))} in the registry",
        };
        status.Models.AddRange(models.All.Select(NativeMessages.ToMessage));
        return Task.FromResult(status);
    }

    private async Task ReadAsync(IAsyncStreamReader<PredictRequest> requestStream, ChannelWriter<Task<Prediction>> inFlight, CancellationToken cancellationToken)
    {
        try
        {
            while (await requestStream.MoveNext(cancellationToken))
            {
                var request = requestStream.Current;
                await inFlight.WriteAsync(PredictOneAsync(request, cancellationToken), cancellationToken);
            }
        }
        finally
        {
            inFlight.TryComplete();
        }
    }

    private async Task<Prediction> PredictOneAsync(PredictRequest request, CancellationToken cancellationToken) =>
        NativeMessages.ToMessage(
            await pipeline.PredictAsync(request.ModelName, NativeMessages.ToSource(request.Image), request.RequestId, nameof(PredictStream), cancellationToken),
            request.RequestId);
}

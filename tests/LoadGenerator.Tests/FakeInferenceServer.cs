using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Inference.V1;
using Mlops.OpenInference;
using Mlops.TestSupport;

namespace Mlops.LoadGenerator.Tests;

/// <summary>
/// The inference contracts served by Kestrel on loopback, answering from what they received, so
/// the gRPC scenarios are tested over a real HTTP/2 connection. Model "down" answers Unavailable; Predict of model
/// "silent" never answers, it waits until its caller goes.
/// </summary>
public sealed class FakeInferenceServer : IAsyncDisposable
{
    private readonly GrpcTestServer _server;

    private FakeInferenceServer(GrpcTestServer server, Received received)
    {
        _server = server;
        Seen = received;
    }

    public Received Seen { get; }

    public Uri Address => new(_server.Address);

    public static async Task<FakeInferenceServer> StartAsync()
    {
        var received = new Received();
        var server = await GrpcTestServer.StartAsync(services => services.AddSingleton(received), app =>
        {
            app.MapGrpcService<Inference>();
            app.MapGrpcService<OpenInference>();
        });
        return new FakeInferenceServer(server, received);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    public sealed class Received
    {
        public ConcurrentQueue<ImageInput> Images { get; } = new();

        public ConcurrentQueue<ModelInferRequest> InferRequests { get; } = new();

        /// <summary>The deadline each Predict call arrived with (<see cref="DateTime.MaxValue"/>: none).</summary>
        public ConcurrentQueue<DateTime> PredictDeadlines { get; } = new();
    }

    private sealed class Inference(Received received) : InferenceService.InferenceServiceBase
    {
        public override async Task<Prediction> Predict(PredictRequest request, ServerCallContext context)
        {
            received.PredictDeadlines.Enqueue(context.Deadline);
            if (request.ModelName == "silent")
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }

            return Answer(request);
        }

        public override Task<PredictBatchResponse> PredictBatch(PredictBatchRequest request, ServerCallContext context)
        {
            var response = new PredictBatchResponse();
            response.Predictions.AddRange(request.Images.Select(image => Answer(new PredictRequest { ModelName = request.ModelName, Image = image })));
            return Task.FromResult(response);
        }

        public override async Task PredictStream(IAsyncStreamReader<PredictRequest> requestStream, IServerStreamWriter<Prediction> responseStream, ServerCallContext context)
        {
            await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(Answer(request));
            }
        }

        private Prediction Answer(PredictRequest request)
        {
            if (request.ModelName == "down")
            {
                throw new RpcException(new Status(StatusCode.Unavailable, "no model loaded"));
            }

            received.Images.Enqueue(request.Image);
            return new Prediction { Label = 3, ClassName = "dress", ModelName = "fashion", ModelVersion = 1, RequestId = request.RequestId, Probabilities = { new float[10] } };
        }
    }

    private sealed class OpenInference(Received received) : GRPCInferenceService.GRPCInferenceServiceBase
    {
        public override Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
        {
            received.InferRequests.Enqueue(request);
            var response = new ModelInferResponse { ModelName = request.ModelName, Id = request.Id };
            response.Outputs.Add(new ModelInferResponse.Types.InferOutputTensor { Name = "probabilities", Datatype = "FP32", Shape = { 1, 10 } });
            return Task.FromResult(response);
        }
    }
}

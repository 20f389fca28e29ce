using System.Globalization;
using Grpc.Core;
using Mlops.Inference.Preprocessing;
using Mlops.Inference.Serving;
using Mlops.OpenInference;
using Mlops.Scoring;

namespace Mlops.Inference.Grpc;

/// <summary>The Open Inference Protocol v2 (KServe/Triton) front of the same models and the same pipeline.</summary>
public sealed class OpenInferenceGrpcService(PredictionPipeline pipeline) : GRPCInferenceService.GRPCInferenceServiceBase
{
    public const string ServerName = "mlops-inference";
    public const string Platform = "onnxruntime_onnx";

    private LoadedModels Models => pipeline.Models;

    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = Models.IsReady });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ModelReadyResponse
        {
            Ready = Models.Find(request.Name) is { } model && (string.IsNullOrEmpty(request.Version) || request.Version == model.VersionText),
        });

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerMetadataResponse
        {
            Name = ServerName,
            Version = typeof(OpenInferenceGrpcService).Assembly.GetName().Version?.ToString() ?? "0",
        });

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        using var lease = Models.Acquire(request.Name);
        var model = lease.Model;
        CheckVersion(model, request.Version);
        var response = new ModelMetadataResponse { Name = model.Name, Platform = Platform };
        response.Versions.Add(model.VersionText);
        response.Inputs.AddRange(model.Classifier.Inputs.Select(ToMetadata));
        response.Outputs.Add(ToMetadata(model.Classifier.Outputs.Single(output => output.Name == model.Classifier.OutputName)));
        return Task.FromResult(response);
    }

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        IReadOnlyList<ImageSource> images;
        ServedModel model;
        using (var lease = Models.Acquire(request.ModelName))
        {
            model = lease.Model;
            CheckVersion(model, request.ModelVersion);
            CheckOutputs(request, model);
            images = InferTensorReader.Read(request, model);
        }

        var answers = await Task.WhenAll(images.Select(image =>
            pipeline.PredictAsync(request.ModelName, image, request.Id, nameof(ModelInfer), context.CancellationToken).AsTask()));

        // Answers come from the version current when each ran; report the one that answered (the newest, during a swap).
        var classes = answers[0].Probabilities.Length;
        var output = new ModelInferResponse.Types.InferOutputTensor { Name = model.Classifier.OutputName, Datatype = InferTensorReader.Fp32 };
        output.Shape.Add(answers.Length);
        output.Shape.Add(classes);
        var response = new ModelInferResponse
        {
            ModelName = model.Name,
            ModelVersion = answers.Max(answer => answer.ModelVersion).ToString(CultureInfo.InvariantCulture),
            Id = request.Id,
        };
        response.Outputs.Add(output);
        if (request.RawInputContents.Count > 0)
        {
            response.RawOutputContents.Add(InferTensorReader.RawFloats(answers, classes));
        }
        else
        {
            output.Contents = new InferTensorContents();
            foreach (var answer in answers)
            {
                output.Contents.Fp32Contents.AddRange(answer.Probabilities);
            }
        }

        return response;
    }

    private static void CheckVersion(ServedModel model, string version)
    {
        if (!string.IsNullOrEmpty(version) && version != model.VersionText)
        {
            throw new ModelNotFoundException($"Version {version} of model '{model.Name}' is not served; the served version is {model.VersionText}.");
        }
    }

    private static void CheckOutputs(ModelInferRequest request, ServedModel model)
    {
        foreach (var requested in request.Outputs)
        {
            if (requested.Name != model.Classifier.OutputName)
            {
                throw new InvalidInputException($"Output '{requested.Name}' is unknown: model '{model.Name}' has '{model.Classifier.OutputName}'.");
            }
        }
    }

    private static ModelMetadataResponse.Types.TensorMetadata ToMetadata(TensorDescription tensor)
    {
        var metadata = new ModelMetadataResponse.Types.TensorMetadata { Name = tensor.Name, Datatype = tensor.Datatype };
        metadata.Shape.AddRange(tensor.Shape);
        return metadata;
    }
}

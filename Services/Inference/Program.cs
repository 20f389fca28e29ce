using Mlops.Inference.Extensions;
using Mlops.Inference.Grpc;
using Mlops.Inference.Http;
using Mlops.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddInference();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcService<InferenceGrpcService>();
app.MapGrpcService<OpenInferenceGrpcService>();
app.MapImageUpload();
app.Run();

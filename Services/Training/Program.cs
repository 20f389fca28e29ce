using Mlops.ServiceDefaults;
using Mlops.Training.Extensions;
using Mlops.Training.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddTraining();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcService<TrainingGrpcService>();
app.Run();

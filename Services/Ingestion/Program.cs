using Mlops.Ingestion.Extensions;
using Mlops.Ingestion.Grpc;
using Mlops.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIngestion();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcService<IngestionGrpcService>();
app.MapGrpcService<DatasetRemoteGrpcService>();
app.Run();

using Mlops.Drift.Extensions;
using Mlops.Drift.Grpc;
using Mlops.Drift.Http;
using Mlops.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDrift();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcService<DriftGrpcService>();
app.MapDriftReports();
app.Run();

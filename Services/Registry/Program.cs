using Mlops.Registry.Extensions;
using Mlops.Registry.Grpc;
using Mlops.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRegistry();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcService<RegistryGrpcService>();
app.Run();

using Mlops.Automation.Extensions;
using Mlops.Automation.Grpc;
using Mlops.Automation.Http;
using Mlops.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAutomation();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcService<AutomationGrpcService>();
app.MapAlertmanagerReceiver();
app.Run();

using Mlops.Frontend.Components;
using Mlops.Frontend.Extensions;
using Mlops.Frontend.SignIn;
using Mlops.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.ConfigureOpenTelemetry();
builder.AddDefaultHealthChecks();
builder.AddFrontend();

var app = builder.Build();
app.MapHealthEndpoints();
app.UseFrontendSignIn();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapFrontendSignIn();
app.MapDatasetExport();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();

using Mlops.Bootstrap;
using Mlops.ServiceDefaults;

var builder = Host.CreateApplicationBuilder(args);
builder.ConfigureOpenTelemetry();
builder.AddFirstRun();

using var host = builder.Build();
return await host.Services.GetRequiredService<FirstRun>().RunAsync(CancellationToken.None);

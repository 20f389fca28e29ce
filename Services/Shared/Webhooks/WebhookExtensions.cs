using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Mlops.Webhooks;

public static class WebhookExtensions
{
    /// <summary>
    /// Binds <see cref="WebhookOptions"/> from <paramref name="section"/> and runs the queue and its background sender.
    /// The service registers its own <see cref="IWebhookDeliveryLog"/> (where outcomes are kept, and whose pending deliveries are resumed at start).
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfigurationSection section)
    {
        services.AddOptions<WebhookOptions>().Bind(section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WebhookQueue>();
        // The sender retries with its own backoff and records each attempt; a default resilience handler would retry underneath it.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental; it is the documented way to opt one client out.
        services.AddHttpClient(WebhookSender.HttpClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddSingleton<IHostedService>(provider => new WebhookSender(
            provider.GetRequiredService<WebhookQueue>(),
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookSender.HttpClientName),
            provider.GetRequiredService<IOptions<WebhookOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<WebhookSender>>()));
        return services;
    }
}

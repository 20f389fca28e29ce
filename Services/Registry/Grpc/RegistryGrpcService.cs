using Microsoft.Extensions.Options;
using Mlops.Registry.Artifacts;
using Mlops.Registry.Events;
using Mlops.Registry.Models;
using Mlops.Registry.Repositories;
using Mlops.Registry.Runs;
using Mlops.Registry.V1;

namespace Mlops.Registry.Grpc;

/// <summary>
/// Maps registry messages to the domain classes and back; refusals become statuses in <see cref="RegistryErrorInterceptor"/>.
/// One file per area: runs, artifacts, models, aliases.
/// </summary>
public sealed partial class RegistryGrpcService(
    RunStore runs,
    RunRetirement retirement,
    ArtifactStore artifacts,
    ModelCatalog catalog,
    ModelAliases aliases,
    AliasBroadcaster broadcaster,
    IWebhookDeliveryRepository webhookDeliveries,
    IOptions<GarbageCollectionOptions> garbageCollection) : RegistryService.RegistryServiceBase
{
    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}

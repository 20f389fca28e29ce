using Grpc.Core;
using Mlops.Registry.V1;

namespace Mlops.Frontend.Platform;

/// <summary>What a Promote click ended in: moved (with the gate's figures) or refused (with the reasons and the figures the gate stored).</summary>
public sealed record PromotionOutcome(bool Promoted, string Message, GateResult? Gate)
{
    public IEnumerable<GateCheck> FailedChecks => Gate?.Checks.Where(check => !check.Passed) ?? [];

    public static PromotionOutcome Moved(PromoteModelResponse response)
    {
        var change = response.Change;
        var from = change.PreviousVersion > 0 ? $"from version {change.PreviousVersion} " : "";
        return new PromotionOutcome(true, $"'{change.Alias}' of {change.ModelName} moved {from}to version {change.Version}.", response.Gate);
    }

    /// <summary>A refusal: the registry's message, and the gate result it stored on the version when the gate ran.</summary>
    public static PromotionOutcome Refused(RpcException error, GateResult? storedGate) =>
        new(false, ServiceCall.Describe(PlatformServices.Registry, error), error.StatusCode == StatusCode.FailedPrecondition ? storedGate : null);
}

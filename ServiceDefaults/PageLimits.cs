using Grpc.Core;

namespace Mlops.ServiceDefaults;

/// <summary>
/// The one rule for how many items a List RPC returns at once: 0 means the RPC's default, 1..<see cref="MaxPageSize"/>
/// is taken as asked, anything else is refused with INVALID_ARGUMENT naming the limit (a caller asking for a million
/// rows learns to page instead of getting a silently shorter list).
/// </summary>
public static class PageLimits
{
    public const int MaxPageSize = 1000;

    public static int Resolve(int requested, int defaultSize, string field)
    {
        if (requested is < 0 or > MaxPageSize)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"{field} must be between 1 and {MaxPageSize} (the page size limit), or 0 for the default of {defaultSize}; got {requested}. " +
                "Page through longer lists."));
        }

        return requested == 0 ? defaultSize : requested;
    }
}

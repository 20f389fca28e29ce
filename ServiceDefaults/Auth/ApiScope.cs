using Microsoft.AspNetCore.Http;

namespace Mlops.ServiceDefaults.Auth;

/// <summary>What a call needs. A key's scope grants its own level and every lower one (predict grants read too).</summary>
public enum ApiScope
{
    Read = 0,
    Predict = 1,
    Write = 2,
    Admin = 3,
}

/// <summary>The scope each call needs, from the gRPC method name or the HTTP method and path.</summary>
public static class RequiredScope
{
    private static readonly string[] AdminVerbs = ["Delete", "Archive", "CollectGarbage", "SetAlias", "SetRuleEnabled", "EnableRule", "DisableRule"];
    private static readonly string[] ReadVerbs = ["Get", "List", "Watch", "Stream", "Export", "Download", "Compare", "Resolve", "Server", "ModelMetadata", "ModelReady"];
    private static readonly string[] PredictVerbs = ["Predict", "ModelInfer"];

    /// <summary>Paths every caller may reach without a key: health probes, gRPC health, reflection, the Prometheus scrape.</summary>
    public static bool IsOpen(string path) =>
        path.StartsWith(HealthEndpoints.ReadinessPath, StringComparison.Ordinal)
        || path.StartsWith(HealthEndpoints.LivenessPath, StringComparison.Ordinal)
        || path.StartsWith("/metrics", StringComparison.Ordinal)
        || path.StartsWith("/grpc.health.", StringComparison.Ordinal)
        || path.StartsWith("/grpc.reflection.", StringComparison.Ordinal);

    public static ApiScope For(string httpMethod, string path, bool isGrpc)
    {
        if (isGrpc)
        {
            var method = path[(path.LastIndexOf('/') + 1)..];
            return method switch
            {
                _ when PredictVerbs.Any(method.StartsWith) => ApiScope.Predict,
                _ when AdminVerbs.Any(method.StartsWith) => ApiScope.Admin,
                _ when ReadVerbs.Any(method.StartsWith) => ApiScope.Read,
                _ => ApiScope.Write,
            };
        }

        if (path.Contains("/predict", StringComparison.OrdinalIgnoreCase) || path.Contains("/infer", StringComparison.OrdinalIgnoreCase))
        {
            return ApiScope.Predict;
        }

        return HttpMethods.IsGet(httpMethod) || HttpMethods.IsHead(httpMethod) ? ApiScope.Read : ApiScope.Write;
    }

    public static bool TryParse(string text, out ApiScope scope) => Enum.TryParse(text, ignoreCase: true, out scope);
}

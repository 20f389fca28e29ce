using Mlops.Drift.Model;
using Mlops.Drift.Monitoring;
using Mlops.Drift.Reports;

namespace Mlops.Drift.Http;

/// <summary>
/// Reports over plain HTTP (the HTTP/1 endpoint): <c>/reports/{model}/{version}/latest.html</c>, <c>latest.json</c>,
/// <c>{windowId}.html</c> and <c>{windowId}.json</c>.
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapDriftReports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/reports/{model}/{version:int}/{file}", (string model, int version, string file, DriftMonitor monitor) =>
        {
            var extension = Path.GetExtension(file);
            if (extension is not (".html" or ".json"))
            {
                return Results.NotFound($"Ask for {file}.html or {file}.json.");
            }

            var name = Path.GetFileNameWithoutExtension(file);
            try
            {
                var report = monitor.GetReport(model, version, name == "latest" ? null : name);
                return extension == ".html"
                    ? Results.Content(HtmlReport.Render(report), "text/html; charset=utf-8")
                    : Results.Content(ReportJson.Format(report), "application/json; charset=utf-8");
            }
            catch (DriftException error) when (error.Kind == DriftErrorKind.NotFound)
            {
                return Results.NotFound(error.Message);
            }
            catch (DriftException error) when (error.Kind == DriftErrorKind.InvalidArgument)
            {
                return Results.BadRequest(error.Message);
            }
        });
        return endpoints;
    }
}

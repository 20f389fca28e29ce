using Grpc.Core;
using Mlops.Automation.Repositories;
using Mlops.Automation.Rules;
using Mlops.Automation.V1;

namespace Mlops.Automation.Grpc;

public sealed class AutomationGrpcService(RuleBook rules, AutomationStore store) : AutomationService.AutomationServiceBase
{
    private const int DefaultFiringLimit = 100;
    private const int MaxFiringLimit = 10_000;

    public override Task<ListRulesResponse> ListRules(ListRulesRequest request, ServerCallContext context)
    {
        var current = rules.Current;
        var response = new ListRulesResponse { Source = current.Source };
        response.Rules.AddRange(current.Rules.Select(rule => rule.ToMessage()));
        response.RefusedProblems.AddRange(rules.RefusedProblems);
        return Task.FromResult(response);
    }

    public override Task<ListFiringsResponse> ListFirings(ListFiringsRequest request, ServerCallContext context)
    {
        if (request.Limit is < 0 or > MaxFiringLimit)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"limit must be between 0 and {MaxFiringLimit} (0 for {DefaultFiringLimit})."));
        }

        var response = new ListFiringsResponse();
        var rule = request.Rule.Length > 0 ? request.Rule : null;
        response.Firings.AddRange(store.List(rule, request.Limit > 0 ? request.Limit : DefaultFiringLimit).Select(firing => firing.ToMessage()));
        return Task.FromResult(response);
    }

    public override Task<Rule> SetRuleEnabled(SetRuleEnabledRequest request, ServerCallContext context)
    {
        try
        {
            return Task.FromResult(rules.SetEnabled(request.Rule, request.Enabled).ToMessage());
        }
        catch (KeyNotFoundException error)
        {
            throw new RpcException(new Status(StatusCode.NotFound, error.Message));
        }
    }

    public override Task<ReloadRulesResponse> ReloadRules(ReloadRulesRequest request, ServerCallContext context)
    {
        var problems = rules.Reload();
        var response = new ReloadRulesResponse { Accepted = problems.Count == 0 };
        response.Problems.AddRange(problems);
        response.Rules.AddRange(rules.Current.Rules.Select(rule => rule.ToMessage()));
        return Task.FromResult(response);
    }
}

namespace Mlops.Cli;

/// <summary>What a script can rely on: 0 done, 1 a service refused or failed, 2 the command line itself was wrong.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int ServiceError = 1;
    public const int Usage = 2;
}

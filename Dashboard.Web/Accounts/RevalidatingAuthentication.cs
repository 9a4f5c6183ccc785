using System.Security.Claims;
using Dashboard.Web.Hosting;
using Dashboard.Web.Live;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Accounts;

/// <summary>
/// An open page (a Blazor circuit) asks every <see cref="AuthOptions.RevalidationInterval"/> whether its sign-in still
/// stands, and at once when an administrator on this node changes that account. When it does not, the page's user becomes
/// anonymous: the router shows its "not authorized" branch, which leaves for the sign-in page (Account/RedirectToLogin).
/// </summary>
public sealed class RevalidatingAuthentication : RevalidatingServerAuthenticationStateProvider
{
    private static readonly Task<AuthenticationState> Anonymous = Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));

    private readonly Revocations _revocations;
    private readonly TimeSpan _interval;
    private string? _userId;

    public RevalidatingAuthentication(ILoggerFactory logs, Revocations revocations, IOptions<AuthOptions> options) : base(logs)
    {
        _revocations = revocations;
        _interval = options.Value.RevalidationInterval;
        AuthenticationStateChanged += Remember;
        _revocations.UserChanged += OnUserChanged;
    }

    protected override TimeSpan RevalidationInterval => _interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct) =>
        _revocations.StandsAsync(state.User, ct);

    private async void Remember(Task<AuthenticationState> state)
    {
        try { _userId = Revocations.UserId((await state).User); }
        catch (Exception) { _userId = null; }
    }

    private void OnUserChanged(string userId)
    {
        if (userId == _userId) _ = CheckNowAsync();
    }

    private async Task CheckNowAsync()
    {
        try
        {
            var state = await GetAuthenticationStateAsync();
            if (!await _revocations.StandsAsync(state.User)) SetAuthenticationState(Anonymous);
        }
        catch (Exception)
        {
            // The periodic check runs anyway; an early one that fails changes nothing.
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _revocations.UserChanged -= OnUserChanged;
            AuthenticationStateChanged -= Remember;
        }
        base.Dispose(disposing);
    }
}

/// <summary>
/// Hub connections (<c>/hubs/kpi</c>) of a key or account whose standing is gone are aborted: at once for a change made on
/// this node, else at the next check, every <see cref="AuthOptions.RevalidationInterval"/>.
/// </summary>
public sealed class LiveSessionGuard(KpiHubConnections connections, Revocations revocations, IOptions<AuthOptions> options,
    ILogger<LiveSessionGuard> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void OnKey(long id) => connections.Abort(user => Revocations.KeyId(user) == id);
        void OnUser(string id) => connections.Abort(user => Revocations.UserId(user) == id);
        revocations.KeyRevoked += OnKey;
        revocations.UserChanged += OnUser;
        try
        {
            // The process's own clock: how often to look is not the app's (testable) date.
            using var timer = new PeriodicTimer(options.Value.RevalidationInterval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var (context, user) in connections.Open())
                {
                    try
                    {
                        if (!await revocations.StandsAsync(user, stoppingToken)) context.Abort();
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        logger.LogWarning(ex, "Checking hub connection {Connection} failed; checked again at the next round", context.ConnectionId);
                    }
                }
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            revocations.KeyRevoked -= OnKey;
            revocations.UserChanged -= OnUser;
        }
    }
}

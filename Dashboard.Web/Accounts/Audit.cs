using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Accounts;

/// <summary>The audit trail: sign-ins (and failures), lockouts and every administrative action.</summary>
public sealed class Audit(IDbContextFactory<AccountsDbContext> dbFactory, TimeProvider time, ILogger<Audit> logger)
{
    public async Task WriteAsync(string who, string action, string? detail, HttpContext? http = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        db.Audit.Add(new AuditEntry
        {
            At = time.GetUtcNow().UtcDateTime, Who = who, Action = action, Detail = detail?[..Math.Min(detail.Length, 2000)],
            Address = http?.Connection.RemoteIpAddress?.ToString(),
        });
        await db.SaveChangesAsync();
        logger.LogInformation("Audit: {Who} {Action} {Detail}", who, action, detail);
    }
}

using Dashboard.Web.Resources;
using Dashboard.Web.Wall;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Components.Wall;

public static class WallText
{
    public static string ViewName(WallView view, IStringLocalizer<Strings> loc) => view switch
    {
        WallView.Overview => loc[nameof(Strings.WallViewOverview)],
        WallView.Dossiers => loc[nameof(Strings.WallViewDossiers)],
        WallView.Digital => loc[nameof(Strings.WallViewDigital)],
        WallView.Finance => loc[nameof(Strings.WallViewFinance)],
        WallView.Overdue => loc[nameof(Strings.WallViewOverdue)],
        _ => loc[nameof(Strings.WallViewScores)],
    };
}

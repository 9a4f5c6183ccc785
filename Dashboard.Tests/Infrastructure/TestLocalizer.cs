using System.Globalization;
using Dashboard.Web.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Infrastructure;

/// <summary>The app's own strings (resx), read as a page in Vietnamese reads them, for tests that format outside a host.</summary>
public static class TestLocalizer
{
    public static IStringLocalizer<Strings> Vietnamese()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("vi-VN");
        return new StringLocalizer<Strings>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));
    }
}

//! The overview's messages.

use crate::i18n::messages;

messages! {
    Text {
        Title => "Overview", "概览", "概覽";
        Window => "Period", "时间范围", "時間範圍";
        Previous => "compared with", "对比", "對比";
        Nps => "NPS", "NPS 净推荐值", "NPS 淨推薦值";
        Csat => "CSAT (mean of 5)", "CSAT 满意度（满分 5）", "CSAT 滿意度（滿分 5）";
        CsatSatisfied => "CSAT: share of 4 and 5", "CSAT：4–5 分占比", "CSAT：4–5 分占比";
        Ces => "Customer effort, CES (mean of 7)", "客户费力度 CES（满分 7）", "顧客費力度 CES（滿分 7）";
        CesEasy => "CES: share of 5 to 7 (easy)", "CES：5–7 分（轻松）占比", "CES：5–7 分（輕鬆）占比";
        Fcr => "First-contact resolution", "首次联系解决率", "首次聯絡解決率";
        SelfService => "FAQ self-service rate", "FAQ 自助服务率", "FAQ 自助服務率";
        Answers => "Survey answers", "问卷回答", "問卷回答";
        Contacts => "Contact requests", "联系请求", "聯絡請求";
        Target => "Target", "目标", "目標";
        OnTarget => "On target", "达到目标", "達到目標";
        BelowTarget => "Below target", "未达目标", "未達目標";
        Change => "Change vs previous period", "较上一周期", "較上一週期";
        NoData => "Nothing to count in this period.", "此期间没有数据。", "此期間沒有資料。";
        Promoters => "Promoters", "推荐者", "推薦者";
        Passives => "Passives", "中立者", "中立者";
        Detractors => "Detractors", "贬损者", "貶損者";
        Response => "answer", "份回答", "份回答";
        Responses => "answers", "份回答", "份回答";
        ResolvedOf => "of {n} resolved", "共 {n} 个已解决", "共 {n} 個已解決";
        SessionsOf => "of {n} help sessions", "共 {n} 次帮助会话", "共 {n} 次說明工作階段";
        TrendTitle => "Weekly trends", "每周趋势", "每週趨勢";
        TrendScores => "NPS by week", "每周 NPS", "每週 NPS";
        TrendCsat => "CSAT mean by week", "每周 CSAT 均分", "每週 CSAT 平均分";
        TrendCes => "CES mean by week (of 7)", "每周 CES 均分（满分 7）", "每週 CES 平均分（滿分 7）";
        CesMean => "CES mean", "CES 均分", "CES 平均分";
        TrendRates => "Resolution and self-service by week (%)", "每周解决率与自助率（%）", "每週解決率與自助率（%）";
        WeekDays => "{date} ({n} d)", "{date}（{n} 天）", "{date}（{n} 天）";
        WeeksCutShort => "Weeks run from Monday. A week marked * is cut by the period's start or end: it counts only its days in the period (the table gives them), so its volumes are lower.", "每周从周一起算。标 * 的一周被时间范围的起止截断，只统计范围内的天数（表格中列出），因此数量较少。", "每週從週一起算。標 * 的一週被時間範圍的起訖截斷，只統計範圍內的天數（表格中列出），因此數量較少。";
        TrendVolumes => "Volumes by week", "每周数量", "每週數量";
        Week => "Week of", "周起始", "週起始";
        Breakdowns => "Breakdowns", "细分", "細分";
        BySurface => "By surface", "按渠道", "按管道";
        ByLocale => "By locale", "按语言", "按語言";
        ByTier => "By tier", "按会员等级", "按會員等級";
        BySurvey => "By survey", "按问卷", "按問卷";
        Key => "Value", "取值", "取值";
        CsatMean => "CSAT mean", "CSAT 均分", "CSAT 平均分";
        Satisfied => "4–5 share", "4–5 分占比", "4–5 分占比";
        NotSignedIn => "Not signed in", "未登录", "未登入";
        TierUnknown => "Tier not recorded", "等级未记录", "等級未記錄";
        SurfaceEmbed => "On the shop's site", "网店内嵌", "網店內嵌";
        SurfacePage => "App or full page", "App 或整页", "App 或整頁";
        SurfaceKiosk => "In-store kiosk", "门店自助机", "門市自助機";
        LocaleZhCn => "Simplified Chinese", "简体中文", "簡體中文";
        LocaleZhTw => "Traditional Chinese", "繁体中文", "繁體中文";
        LocaleEn => "English", "英文", "英文";
    }
}

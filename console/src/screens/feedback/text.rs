//! The feedback inbox's messages.

use patron_api::console::feedback::FeedbackStatus;
use patron_api::{Band, DisplayMode, SurveyKind};

use crate::i18n::{fill, messages};

messages! {
    Text {
        Title => "Feedback", "反馈", "意見回饋";
        Filters => "Filters", "筛选", "篩選";
        Band => "Score band", "评分段", "評分段";
        // The filter's bands, across kinds: NPS, CSAT and CES answers share them (an unhappy
        // answer is an NPS detractor, a CSAT 1-2 or a CES 1-3, and is followed up alike).
        Unhappy => "Unhappy: NPS 0–6, CSAT 1–2, CES 1–3", "不满意：NPS 0–6、CSAT 1–2、CES 1–3", "不滿意：NPS 0–6、CSAT 1–2、CES 1–3";
        Neutral => "Neutral: NPS 7–8, CSAT 3, CES 4", "中立：NPS 7–8、CSAT 3、CES 4", "中立：NPS 7–8、CSAT 3、CES 4";
        Happy => "Happy: NPS 9–10, CSAT 4–5, CES 5–7", "满意：NPS 9–10、CSAT 4–5、CES 5–7", "滿意：NPS 9–10、CSAT 4–5、CES 5–7";
        // One answer's band, in its own kind's words.
        Detractor => "Detractor", "贬损者", "貶損者";
        Passive => "Passive", "中立者", "中立者";
        Promoter => "Promoter", "推荐者", "推薦者";
        Dissatisfied => "Dissatisfied", "不满意", "不滿意";
        CsatNeutral => "Neutral", "一般", "普通";
        Satisfied => "Satisfied", "满意", "滿意";
        Difficult => "Difficult", "费力", "費力";
        CesNeutral => "Neither easy nor hard", "一般", "普通";
        Easy => "Easy", "轻松", "輕鬆";
        OutOf => "{score} of {max}", "{score}（满分 {max}）", "{score}（滿分 {max}）";
        QueueStatus => "Follow-up status (unhappy answers)", "跟进状态（不满意的回答）", "跟進狀態（不滿意的回答）";
        New => "New", "新", "新";
        InProgress => "In progress", "处理中", "處理中";
        Resolved => "Resolved", "已解决", "已解決";
        WontFix => "Won't fix", "不处理", "不處理";
        Surface => "Surface", "渠道", "管道";
        Embed => "Shop (embedded)", "商城内嵌", "商城內嵌";
        Page => "App page", "App 页面", "App 頁面";
        Kiosk => "Kiosk", "自助终端", "自助終端";
        SearchComments => "Search comments", "搜索评论", "搜尋評論";
        Export => "Export CSV of these answers", "导出这些回答（CSV）", "匯出這些回答（CSV）";
        Score => "Score", "评分", "評分";
        Survey => "Survey", "问卷", "問卷";
        Comment => "Comment", "评论", "評論";
        NoComment => "(no comment)", "（无评论）", "（無評論）";
        Open => "Open", "打开", "開啟";
        OpenAnswer => "Open answer from {n}", "打开 {n} 的回答", "開啟 {n} 的回答";
        Empty => "No answers match these filters.", "没有符合筛选条件的回答。", "沒有符合篩選條件的回答。";
        Answer => "Answer", "回答", "回答";
        Touchpoint => "Touchpoint", "触发点", "觸發點";
        Earlier => "This customer's earlier answers", "该顾客之前的回答", "該顧客先前的回答";
        NoEarlier => "No earlier answers.", "没有之前的回答。", "沒有先前的回答。";
        Queue => "Follow-up", "跟进", "跟進";
        NotQueued => "Only unhappy answers (NPS 0–6, CSAT 1–2, CES 1–3) are followed up in the queue.", "只有不满意的回答（NPS 0–6、CSAT 1–2、CES 1–3）进入跟进队列。", "只有不滿意的回答（NPS 0–6、CSAT 1–2、CES 1–3）進入跟進佇列。";
        Start => "Start work", "开始处理", "開始處理";
        Resolve => "Mark resolved", "标记为已解决", "標記為已解決";
        MarkWontFix => "Mark won't fix", "标记为不处理", "標記為不處理";
        Reopen => "Reopen", "重新打开", "重新開啟";
    }
}

/// The filter's name of a band, which spans the three kinds.
pub fn band_filter(b: Band) -> Text {
    match b {
        Band::Detractor => Text::Unhappy,
        Band::Passive => Text::Neutral,
        Band::Promoter => Text::Happy,
    }
}

/// An answer's band in its kind's words: a CSAT 4 is "satisfied", not a "promoter".
pub fn band(kind: SurveyKind, b: Band) -> Text {
    match (kind, b) {
        (SurveyKind::Nps, Band::Detractor) => Text::Detractor,
        (SurveyKind::Nps, Band::Passive) => Text::Passive,
        (SurveyKind::Nps, Band::Promoter) => Text::Promoter,
        (SurveyKind::Csat, Band::Detractor) => Text::Dissatisfied,
        (SurveyKind::Csat, Band::Passive) => Text::CsatNeutral,
        (SurveyKind::Csat, Band::Promoter) => Text::Satisfied,
        (SurveyKind::Ces, Band::Detractor) => Text::Difficult,
        (SurveyKind::Ces, Band::Passive) => Text::CesNeutral,
        (SurveyKind::Ces, Band::Promoter) => Text::Easy,
    }
}

/// An answer's score on its kind's scale, `template` being `Text::OutOf` in the reader's
/// language: "4 of 5" for a CSAT answer, "9 of 10" for NPS.
pub fn score_of(template: &str, kind: SurveyKind, score: i32) -> String {
    fill(
        template,
        &[
            ("score", &score.to_string()),
            ("max", &kind.range().1.to_string()),
        ],
    )
}

pub fn surface(m: DisplayMode) -> Text {
    match m {
        DisplayMode::Embed => Text::Embed,
        DisplayMode::Page => Text::Page,
        DisplayMode::Kiosk => Text::Kiosk,
    }
}

pub fn status(s: FeedbackStatus) -> Text {
    match s {
        FeedbackStatus::New => Text::New,
        FeedbackStatus::InProgress => Text::InProgress,
        FeedbackStatus::Resolved => Text::Resolved,
        FeedbackStatus::WontFix => Text::WontFix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_score_reads_on_its_own_scale() {
        assert_eq!(score_of("{score} of {max}", SurveyKind::Csat, 4), "4 of 5");
        assert_eq!(score_of("{score} of {max}", SurveyKind::Nps, 0), "0 of 10");
        assert_eq!(
            score_of("{score}（满分 {max}）", SurveyKind::Ces, 6),
            "6（满分 7）"
        );
    }
}

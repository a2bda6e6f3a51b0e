//! The feedback inbox's messages.

use patron_api::console::feedback::FeedbackStatus;
use patron_api::{Band, DisplayMode};

use crate::i18n::messages;

messages! {
    Text {
        Title => "Feedback", "反馈", "意見回饋";
        Filters => "Filters", "筛选", "篩選";
        Band => "Score band", "评分段", "評分段";
        Detractor => "Detractor", "贬损者", "貶損者";
        Passive => "Passive", "中立者", "中立者";
        Promoter => "Promoter", "推荐者", "推薦者";
        QueueStatus => "Queue status (detractors)", "处理状态（贬损者）", "處理狀態（貶損者）";
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
        NotQueued => "Only detractors' answers are followed up in the queue.", "只有贬损者的回答进入跟进队列。", "只有貶損者的回答進入跟進佇列。";
        Start => "Start work", "开始处理", "開始處理";
        Resolve => "Mark resolved", "标记为已解决", "標記為已解決";
        MarkWontFix => "Mark won't fix", "标记为不处理", "標記為不處理";
        Reopen => "Reopen", "重新打开", "重新開啟";
    }
}

pub fn band(b: Band) -> Text {
    match b {
        Band::Detractor => Text::Detractor,
        Band::Passive => Text::Passive,
        Band::Promoter => Text::Promoter,
    }
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

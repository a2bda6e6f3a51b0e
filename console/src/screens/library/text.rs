//! The help library's messages.

use patron_api::faq::VoteReason;

use crate::i18n::messages;

messages! {
    Text {
        Title => "Help library", "帮助文库", "說明文庫";
        Articles => "Articles", "文章", "文章";
        ArticleTitle => "Title", "标题", "標題";
        Category => "Category", "分类", "分類";
        Keywords => "Keywords (comma-separated)", "关键词（逗号分隔）", "關鍵詞（逗號分隔）";
        Body => "Text (Markdown)", "正文（Markdown）", "內文（Markdown）";
        Preview => "Preview as customers see it", "顾客看到的预览", "顧客看到的預覽";
        Locales => "Languages", "语言", "語言";
        Updated => "Updated", "更新时间", "更新時間";
        ManagedByFiles => "This site's articles are managed in its content files; edit them there.", "此站点的文章由内容文件管理，请在文件中编辑。", "此站點的文章由內容檔案管理，請在檔案中編輯。";
        ZeroResults => "Searches with no results", "无结果的搜索", "無結果的搜尋";
        Query => "Search", "搜索词", "搜尋詞";
        Count => "Times", "次数", "次數";
        LastSearched => "Last searched", "最近搜索", "最近搜尋";
        AddTo => "Add to the keywords of", "添加为关键词到", "新增為關鍵詞至";
        Add => "Add", "添加", "新增";
        Added => "Added to the article's keywords.", "已添加到文章关键词。", "已新增至文章關鍵詞。";
        LowRated => "Low-rated articles", "评价较低的文章", "評價較低的文章";
        Helpful => "Helpful", "有帮助", "有幫助";
        NotHelpful => "Not helpful", "没帮助", "沒幫助";
        Reasons => "Reasons", "原因", "原因";
        ReasonOutdated => "Out of date", "内容过时", "內容過時";
        ReasonDidNotAnswer => "Did not answer the question", "没有回答问题", "沒有回答問題";
        ReasonHardToFollow => "Hard to follow", "难以理解", "難以理解";
        ReasonOther => "Other", "其他", "其他";
        Edit => "Edit", "编辑", "編輯";
        NoGaps => "No gaps in this period.", "此期间没有缺口。", "此期間沒有缺口。";
        Editor => "Edit article", "编辑文章", "編輯文章";
        Publish => "Publish", "发布", "發佈";
        Publishing => "Publishing…", "正在发布…", "正在發佈…";
        Published => "Published: customers find it now.", "已发布，顾客现在即可搜到。", "已發佈，顧客現在即可搜到。";
        DraftRestored => "An unsaved draft from this browser was restored.", "已恢复此浏览器中未保存的草稿。", "已恢復此瀏覽器中未儲存的草稿。";
        Discard => "Discard the draft", "放弃草稿", "放棄草稿";
        Missing => "No version in this language yet: write one to add it.", "尚无此语言版本，撰写即可新增。", "尚無此語言版本，撰寫即可新增。";
        Language => "Language", "语言", "語言";
    }
}

/// A rating reason's name, or the code itself for one this console does not know.
pub fn reason(code: &str) -> Option<Text> {
    let reason = VoteReason::ALL.into_iter().find(|r| r.as_str() == code)?;
    Some(match reason {
        VoteReason::Outdated => Text::ReasonOutdated,
        VoteReason::DidNotAnswer => Text::ReasonDidNotAnswer,
        VoteReason::HardToFollow => Text::ReasonHardToFollow,
        VoteReason::Other => Text::ReasonOther,
    })
}

//! Help's own messages, per locale. They live apart from the shell's `Strings` so that they
//! ship in Help's wasm chunk instead of the first-open module.

use patron_api::Locale;

use crate::i18n::{messages, I18n};

messages! {
    FaqStrings {
        faq_search_label,
        faq_search_placeholder,
        faq_popular,
        faq_categories,
        faq_results,
        faq_no_results,
        faq_searching,
        faq_helpful_question,
        faq_yes,
        faq_no,
        faq_reason_prompt,
        faq_reason_outdated,
        faq_reason_did_not_answer,
        faq_reason_hard_to_follow,
        faq_reason_other,
        faq_comment_label,
        faq_send_feedback,
        faq_thanks,
        faq_related,
        faq_still_need_help,
        faq_contact_us,
        contact_title,
        contact_intro,
        contact_name,
        contact_email,
        contact_phone,
        contact_order,
        contact_message,
        contact_send,
        contact_sending,
        contact_sent_title,
        contact_reference,
        contact_sent_note,
        back_to_help,
        err_required,
        err_contact_required,
        err_format,
        err_too_long,
        err_form,
    }
}

pub const EN: FaqStrings = FaqStrings {
    faq_search_label: "Search help articles",
    faq_search_placeholder: "Describe your question, e.g. return an item",
    faq_popular: "Most asked",
    faq_categories: "Browse by topic",
    faq_results: "{n} answers found",
    faq_no_results: "No answers found. Try other words, or contact us.",
    faq_searching: "Searching…",
    faq_helpful_question: "Was this helpful?",
    faq_yes: "Yes",
    faq_no: "No",
    faq_reason_prompt: "What was wrong?",
    faq_reason_outdated: "The information is outdated",
    faq_reason_did_not_answer: "It didn't answer my question",
    faq_reason_hard_to_follow: "It's hard to follow",
    faq_reason_other: "Something else",
    faq_comment_label: "Tell us more (optional)",
    faq_send_feedback: "Send feedback",
    faq_thanks: "Thank you for your feedback!",
    faq_related: "Related questions",
    faq_still_need_help: "Still need help?",
    faq_contact_us: "Contact customer service",
    contact_title: "Contact us",
    contact_intro:
        "We will pass on what you searched and read, so you do not have to explain again.",
    contact_name: "Name",
    contact_email: "Email",
    contact_phone: "Phone",
    contact_order: "Order number (optional)",
    contact_message: "Your question",
    contact_send: "Send",
    contact_sending: "Sending…",
    contact_sent_title: "We have received your request",
    contact_reference: "Your reference number",
    contact_sent_note: "An agent will reply within one working day.",
    back_to_help: "Back to Help",
    err_required: "Please fill this in.",
    err_contact_required: "Please give an email address or a phone number.",
    err_format: "Please check this; it does not look right.",
    err_too_long: "This is too long.",
    err_form: "Please correct the marked fields.",
};

pub const ZH_CN: FaqStrings = FaqStrings {
    faq_search_label: "搜索帮助文章",
    faq_search_placeholder: "请描述您的问题,例如:怎么退货",
    faq_popular: "大家都在问",
    faq_categories: "按主题浏览",
    faq_results: "找到 {n} 条答案",
    faq_no_results: "没有找到答案。换个说法试试,或联系我们。",
    faq_searching: "搜索中…",
    faq_helpful_question: "这篇文章对您有帮助吗?",
    faq_yes: "有帮助",
    faq_no: "没有帮助",
    faq_reason_prompt: "哪里不满意?",
    faq_reason_outdated: "信息已过时",
    faq_reason_did_not_answer: "没有回答我的问题",
    faq_reason_hard_to_follow: "内容难以理解",
    faq_reason_other: "其他原因",
    faq_comment_label: "补充说明(选填)",
    faq_send_feedback: "提交反馈",
    faq_thanks: "感谢您的反馈!",
    faq_related: "相关问题",
    faq_still_need_help: "问题还没解决?",
    faq_contact_us: "联系客服",
    contact_title: "联系我们",
    contact_intro: "我们会把您刚才搜索和阅读的内容一并转给客服,您无需重复说明。",
    contact_name: "姓名",
    contact_email: "电子邮箱",
    contact_phone: "手机号",
    contact_order: "订单号(选填)",
    contact_message: "您的问题",
    contact_send: "提交",
    contact_sending: "提交中…",
    contact_sent_title: "我们已收到您的请求",
    contact_reference: "您的服务单号",
    contact_sent_note: "客服将在一个工作日内回复您。",
    back_to_help: "返回帮助中心",
    err_required: "请填写此项。",
    err_contact_required: "请填写邮箱或手机号。",
    err_format: "格式不正确,请检查。",
    err_too_long: "内容过长。",
    err_form: "请修改标出的项目。",
};

pub const ZH_TW: FaqStrings = FaqStrings {
    faq_search_label: "搜尋幫助文章",
    faq_search_placeholder: "請描述您的問題,例如:怎麼退貨",
    faq_popular: "大家都在問",
    faq_categories: "按主題瀏覽",
    faq_results: "找到 {n} 則答案",
    faq_no_results: "沒有找到答案。換個說法試試,或聯絡我們。",
    faq_searching: "搜尋中…",
    faq_helpful_question: "這篇文章對您有幫助嗎?",
    faq_yes: "有幫助",
    faq_no: "沒有幫助",
    faq_reason_prompt: "哪裡不滿意?",
    faq_reason_outdated: "資訊已過時",
    faq_reason_did_not_answer: "沒有回答我的問題",
    faq_reason_hard_to_follow: "內容難以理解",
    faq_reason_other: "其他原因",
    faq_comment_label: "補充說明(選填)",
    faq_send_feedback: "提交回饋",
    faq_thanks: "感謝您的回饋!",
    faq_related: "相關問題",
    faq_still_need_help: "問題還沒解決?",
    faq_contact_us: "聯絡客服",
    contact_title: "聯絡我們",
    contact_intro: "我們會把您剛才搜尋和閱讀的內容一併轉給客服,您無需重複說明。",
    contact_name: "姓名",
    contact_email: "電子郵件",
    contact_phone: "手機號碼",
    contact_order: "訂單編號(選填)",
    contact_message: "您的問題",
    contact_send: "送出",
    contact_sending: "送出中…",
    contact_sent_title: "我們已收到您的請求",
    contact_reference: "您的服務單號",
    contact_sent_note: "客服將在一個工作日內回覆您。",
    back_to_help: "返回幫助中心",
    err_required: "請填寫此項。",
    err_contact_required: "請填寫電子郵件或手機號碼。",
    err_format: "格式不正確,請檢查。",
    err_too_long: "內容過長。",
    err_form: "請修改標出的項目。",
};

/// Help's strings in the current locale; reactive, like `I18n::t`.
pub fn t(i18n: I18n) -> &'static FaqStrings {
    strings(i18n.locale())
}

fn strings(locale: Locale) -> &'static FaqStrings {
    match locale {
        Locale::En => &EN,
        Locale::ZhCn => &ZH_CN,
        Locale::ZhTw => &ZH_TW,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::tests::check_translated;

    #[test]
    fn every_locale_is_complete_and_translated() {
        check_translated(&Locale::ALL.map(|l| (l, strings(l).all())));
    }

    #[test]
    fn placeholders_survive_translation() {
        for locale in Locale::ALL {
            assert!(strings(locale).faq_results.contains("{n}"), "{locale}");
        }
    }
}

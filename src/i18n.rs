//! The translation layer. Every user-visible string of the widget lives here, once per locale.
//!
//! A locale is a `Strings` value: a struct with one field per message, so a message missing in
//! any locale is a compile error, and a component cannot name a key that does not exist. We
//! chose this over leptos_i18n because that crate pulls ICU data and leptos-use into the wasm,
//! which our 100 KB first-open budget cannot carry; three tables of `&'static str` cost almost
//! nothing.

use leptos::prelude::*;
use patron_api::{ErrorCode, Locale, Module};

/// Declares the `Strings` struct and `Strings::all`, which lists every message with its name so
/// a test can check every locale without a hand-kept list.
macro_rules! messages {
    ($($name:ident),* $(,)?) => {
        pub struct Strings {
            $(pub $name: &'static str,)*
        }

        impl Strings {
            #[cfg(test)]
            pub fn all(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($name), self.$name)),*]
            }
        }
    };
}

messages! {
    panel_label,
    close,
    back,
    start_over,
    loading,
    retry,
    modules_heading,
    module_faq,
    module_faq_hint,
    module_onboarding,
    module_onboarding_hint,
    module_survey,
    module_survey_hint,
    module_points,
    module_points_hint,
    coming_soon,
    error_title,
    error_network,
    error_site_unknown,
    error_host_not_allowed,
    error_server,
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

pub const EN: Strings = Strings {
    panel_label: "Customer service",
    close: "Close",
    back: "Back",
    start_over: "Start over",
    loading: "Loading…",
    retry: "Try again",
    modules_heading: "How can we help?",
    module_faq: "Help",
    module_faq_hint: "Answers to common questions",
    module_onboarding: "Getting started",
    module_onboarding_hint: "Short guides for new customers",
    module_survey: "Feedback",
    module_survey_hint: "Tell us how we are doing",
    module_points: "My points",
    module_points_hint: "Balance, tier and rewards",
    coming_soon: "This section is being prepared and will be available soon.",
    error_title: "Something is not working",
    error_network:
        "We cannot reach customer service right now. Please check your connection and try again.",
    error_site_unknown: "This help centre is not available at the moment.",
    error_host_not_allowed: "Customer service is not available on this page.",
    error_server: "Something went wrong on our side. Please try again in a moment.",
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

pub const ZH_CN: Strings = Strings {
    panel_label: "客户服务",
    close: "关闭",
    back: "返回",
    start_over: "重新开始",
    loading: "加载中…",
    retry: "重试",
    modules_heading: "有什么可以帮您?",
    module_faq: "帮助中心",
    module_faq_hint: "常见问题解答",
    module_onboarding: "新手指南",
    module_onboarding_hint: "新用户的简短教程",
    module_survey: "意见反馈",
    module_survey_hint: "告诉我们您的感受",
    module_points: "我的积分",
    module_points_hint: "积分、会员等级与礼品",
    coming_soon: "此栏目正在准备中,即将上线。",
    error_title: "出了点问题",
    error_network: "暂时无法连接客服,请检查网络后重试。",
    error_site_unknown: "该帮助中心暂不可用。",
    error_host_not_allowed: "此页面暂不提供客服服务。",
    error_server: "我们这边出了点问题,请稍后重试。",
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

pub const ZH_TW: Strings = Strings {
    panel_label: "客戶服務",
    close: "關閉",
    back: "返回",
    start_over: "重新開始",
    loading: "載入中…",
    retry: "重試",
    modules_heading: "有什麼可以幫您?",
    module_faq: "幫助中心",
    module_faq_hint: "常見問題解答",
    module_onboarding: "新手指南",
    module_onboarding_hint: "新用戶的簡短教學",
    module_survey: "意見回饋",
    module_survey_hint: "告訴我們您的感受",
    module_points: "我的積分",
    module_points_hint: "積分、會員等級與禮品",
    coming_soon: "此欄目正在準備中,即將上線。",
    error_title: "出了點問題",
    error_network: "暫時無法連線客服,請檢查網路後重試。",
    error_site_unknown: "該幫助中心暫不可用。",
    error_host_not_allowed: "此頁面暫不提供客服服務。",
    error_server: "我們這邊出了點問題,請稍後重試。",
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

pub fn strings(locale: Locale) -> &'static Strings {
    match locale {
        Locale::En => &EN,
        Locale::ZhCn => &ZH_CN,
        Locale::ZhTw => &ZH_TW,
    }
}

impl Strings {
    pub fn module_name(&self, module: Module) -> &'static str {
        match module {
            Module::Faq => self.module_faq,
            Module::Onboarding => self.module_onboarding,
            Module::Survey => self.module_survey,
            Module::Points => self.module_points,
        }
    }

    pub fn module_hint(&self, module: Module) -> &'static str {
        match module {
            Module::Faq => self.module_faq_hint,
            Module::Onboarding => self.module_onboarding_hint,
            Module::Survey => self.module_survey_hint,
            Module::Points => self.module_points_hint,
        }
    }

    /// The customer-facing sentence for an API error code (the server's own message is for
    /// developers and is never shown).
    pub fn error_message(&self, code: Option<ErrorCode>) -> &'static str {
        match code {
            None => self.error_network,
            Some(ErrorCode::SiteNotFound) => self.error_site_unknown,
            Some(ErrorCode::OriginNotAllowed) => self.error_host_not_allowed,
            Some(_) => self.error_server,
        }
    }
}

/// The current locale, provided by the shell.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Locale>);

impl I18n {
    pub fn locale(self) -> Locale {
        self.0.get()
    }

    /// The strings of the current locale; reactive.
    pub fn t(self) -> &'static Strings {
        strings(self.0.get())
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_message_is_empty_in_any_locale() {
        for locale in Locale::ALL {
            for (name, m) in strings(locale).all() {
                assert!(!m.trim().is_empty(), "{name} is empty in {locale}");
            }
        }
    }

    #[test]
    fn chinese_tables_are_translated_not_copied_from_english() {
        let en = EN.all();
        for locale in [Locale::ZhCn, Locale::ZhTw] {
            for (i, (name, m)) in strings(locale).all().into_iter().enumerate() {
                assert_ne!(m, en[i].1, "{name} in {locale} is the English text");
                let has_chinese = m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                assert!(has_chinese, "{name} in {locale} has no Chinese");
            }
        }
    }

    #[test]
    fn traditional_differs_from_simplified_where_the_script_does() {
        // 帮助 / 幫助, 积分 / 積分: a copy-paste of the simplified table would fail here.
        assert_ne!(ZH_CN.module_faq, ZH_TW.module_faq);
        assert_ne!(ZH_CN.module_points, ZH_TW.module_points);
        assert_ne!(ZH_CN.close, ZH_TW.close);
    }

    #[test]
    fn placeholders_survive_translation() {
        for locale in Locale::ALL {
            assert!(strings(locale).faq_results.contains("{n}"), "{locale}");
        }
    }

    #[test]
    fn error_codes_map_to_customer_sentences() {
        assert_eq!(EN.error_message(None), EN.error_network);
        assert_eq!(
            EN.error_message(Some(ErrorCode::SiteNotFound)),
            EN.error_site_unknown
        );
        assert_eq!(EN.error_message(Some(ErrorCode::Internal)), EN.error_server);
    }
}

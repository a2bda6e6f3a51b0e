//! Messages several screens share (the shell's and the status panels').

use crate::i18n::messages;

messages! {
    Common {
        Product => "Patron Console", "Patron 控制台", "Patron 控制台";
        Loading => "Loading…", "正在加载…", "正在載入…";
        TryAgain => "Try again", "重试", "重試";
        ErrSignedOut => "Your session has ended. Sign in again to continue.", "会话已结束，请重新登录。", "工作階段已結束，請重新登入。";
        ErrForbidden => "Your role cannot do this. Ask an owner if you need it.", "您的角色无权执行此操作，如有需要请联系所有者。", "您的角色無權執行此操作，如有需要請聯絡擁有者。";
        ErrNotFound => "This was not found. It may have been removed.", "未找到，可能已被删除。", "找不到，可能已被刪除。";
        ErrInvalid => "Some of what you entered is not accepted. Check the highlighted fields.", "部分输入不被接受，请检查标出的字段。", "部分輸入不被接受，請檢查標示的欄位。";
        ErrConflict => "This cannot be changed here right now.", "目前无法在此更改。", "目前無法在此變更。";
        ErrRateLimited => "Too many attempts. Wait a minute and try again.", "尝试次数过多，请稍候一分钟再试。", "嘗試次數過多，請稍候一分鐘再試。";
        ErrServer => "Something went wrong on the server. Try again in a moment.", "服务器出错，请稍后重试。", "伺服器出錯，請稍後重試。";
        ErrNetwork => "The console cannot reach the server. Check your connection and try again.", "无法连接服务器，请检查网络后重试。", "無法連線伺服器，請檢查網路後重試。";
        ErrChunk => "This screen could not be loaded. Check your connection and try again.", "无法加载此页面，请检查网络后重试。", "無法載入此頁面，請檢查網路後重試。";
        NavMain => "Console sections", "控制台栏目", "控制台欄目";
        NavOverview => "Overview", "概览", "概覽";
        NavFeedback => "Feedback", "反馈", "意見回饋";
        NavContacts => "Contacts", "联系请求", "聯絡請求";
        NavLibrary => "Help library", "帮助文库", "說明文庫";
        NavGuides => "Guides", "引导", "引導";
        NavMembers => "Members & rewards", "会员与奖励", "會員與獎勵";
        NavUsers => "Users", "用户", "使用者";
        NavAudit => "Audit log", "审计日志", "稽核紀錄";
        Language => "Language", "语言", "語言";
        SignOut => "Sign out", "退出登录", "登出";
        SignedInAs => "Signed in as", "当前登录", "目前登入";
        RoleOwner => "Owner", "所有者", "擁有者";
        RoleAgent => "Agent", "客服", "客服";
        RoleViewer => "Viewer", "只读", "唯讀";
        ReadOnly => "You can read this but not change it (viewer).", "您可以查看但不能更改（只读角色）。", "您可以檢視但不能變更（唯讀角色）。";
        ShowTable => "Show the data as a table", "以表格显示数据", "以表格顯示資料";
        NotFoundPage => "There is no such page in the console.", "控制台中没有此页面。", "控制台中沒有此頁面。";
        NextPage => "Next page", "下一页", "下一頁";
        FirstPage => "First page", "第一页", "第一頁";
        Pages => "Pages", "分页", "分頁";
        NoneYet => "Nothing here yet.", "暂无内容。", "尚無內容。";
        Yes => "Yes", "是", "是";
        No => "No", "否", "否";
        Hours => "{n} h", "{n} 小时", "{n} 小時";
        Minutes => "{n} min", "{n} 分钟", "{n} 分鐘";
        Skip => "Skip to content", "跳到主要内容", "跳到主要內容";
        Search => "Search", "搜索", "搜尋";
        Filter => "Apply", "应用", "套用";
        All => "All", "全部", "全部";
        Save => "Save", "保存", "儲存";
        Saved => "Saved.", "已保存。", "已儲存。";
        Notes => "Internal notes", "内部备注", "內部備註";
        AddNote => "Add note", "添加备注", "新增備註";
        NoteLabel => "New note", "新备注", "新備註";
        Assignee => "Assignee", "负责人", "負責人";
        Assign => "Assign", "指派", "指派";
        AssignToMe => "Assign to me", "指派给我", "指派給我";
        Unassign => "Unassign", "取消指派", "取消指派";
        Nobody => "Nobody", "无人", "無人";
        Back => "Back to the list", "返回列表", "返回列表";
        Member => "Member", "会员", "會員";
        Tier => "Tier", "等级", "等級";
        When => "When", "时间", "時間";
        Status => "Status", "状态", "狀態";
        Locale => "Locale", "语言", "語言";
        Context => "Context", "上下文", "情境";
        TimeToFirstAction => "Time to first action", "首次处理用时", "首次處理用時";
        NotYet => "Not yet", "尚未", "尚未";
        Guest => "Guest (not signed in)", "访客（未登录）", "訪客（未登入）";
    }
}

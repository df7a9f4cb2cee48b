package corpus_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/corpus"
)

// fig is the part of a corpus.Figure the tables pin down. A Subject of "*"
// is not checked.
type fig struct {
	Text, Value, Unit, Qualifier, Subject string
	Detail                                bool
	// bug, when set, describes a known defect that makes this figure come out
	// differently from what it should be; the table holds the correct value
	// and the mismatch skips the test instead of failing it.
	bug string
}

func (w fig) String() string {
	return fmt.Sprintf("{Text:%q Value:%q Unit:%q Qualifier:%q Subject:%q Detail:%v}",
		w.Text, w.Value, w.Unit, w.Qualifier, w.Subject, w.Detail)
}

func figString(f corpus.Figure) string {
	return fig{Text: f.Text, Value: f.Value, Unit: f.Unit, Qualifier: f.Qualifier, Subject: f.Subject, Detail: f.Detail}.String()
}

func matches(f corpus.Figure, w fig) bool {
	return f.Text == w.Text && f.Value == w.Value && f.Unit == w.Unit &&
		f.Qualifier == w.Qualifier && (w.Subject == "*" || f.Subject == w.Subject) &&
		f.Detail == w.Detail
}

// checkFigures compares got with want figure by figure. Mismatches on figures
// that carry a known bug skip the test (after every other check has run), so
// the table can state the correct behaviour without breaking the build.
func checkFigures(t *testing.T, sentence string, got []corpus.Figure, want []fig) {
	t.Helper()
	if len(got) != len(want) {
		var b strings.Builder
		for _, f := range got {
			b.WriteString("\n  " + figString(f))
		}
		t.Fatalf("ExtractFigures(%q) gave %d figures, want %d:%s", sentence, len(got), len(want), b.String())
	}
	var known []string
	for i, w := range want {
		if matches(got[i], w) {
			continue
		}
		if w.bug != "" {
			known = append(known, fmt.Sprintf("figure %d = %s, want %s: %s", i, figString(got[i]), w, w.bug))
			continue
		}
		t.Errorf("figure %d of %q\n got %s\nwant %s", i, sentence, figString(got[i]), w)
	}
	for _, f := range got {
		if !strings.Contains(sentence, f.Text) {
			t.Errorf("figure text %q does not occur in %q", f.Text, sentence)
		}
		if !strings.Contains(sentence, f.Clause) || !strings.Contains(f.Clause, f.Text) {
			t.Errorf("clause %q of %q is not a piece of the sentence around the figure", f.Clause, f.Text)
		}
	}
	if len(known) > 0 {
		t.Skipf("known bug:\n%s", strings.Join(known, "\n"))
	}
}

func TestExtractFiguresRealSentences(t *testing.T) {
	r := parseReport(t)
	tests := []struct {
		id   string
		part string // identifies the sentence in the report
		want []fig
	}{
		{"p3.s1", "地区生产总值增长5%左右", []fig{
			{Text: "5%左右", Value: "5", Unit: "%", Qualifier: "左右", Subject: "地区生产总值增长"},
		}},
		{"p3.s2", "固定资产投资完成535亿元", []fig{
			{Text: "535亿元", Value: "535", Unit: "亿元", Subject: "固定资产投资完成"},
		}},
		{"p3.s3", "区级一般公共预算收入增长3%", []fig{
			{Text: "3%", Value: "3", Unit: "%", Subject: "区级一般公共预算收入增长"},
		}},
		{"p3.s5", "新增就业1万人以上", []fig{
			{Text: "1万人以上", Value: "1", Unit: "万人", Qualifier: "以上", Subject: "新增就业"},
		}},
		{"p5.s2", "加快实施198个重点项目建设", []fig{
			{Text: "535亿元", Value: "535", Unit: "亿元", Subject: "锚定全区固定资产投资目标"},
			{Text: "198个", Value: "198", Unit: "个", Subject: "加快实施重点项目建设"},
			{Text: "61个", Value: "61", Unit: "个", Subject: "确保市“攻城拔寨”项目按计划推进"},
		}},
		{"p5.s3", "岭南V谷等23个土地项目收储", []fig{
			{Text: "23个", Value: "23", Unit: "个", Subject: "岭南V谷等土地项目收储"},
			{Text: "9个", Value: "9", Unit: "个", Subject: "完成地块共47.6万平方米征收工作"},
			{Text: "47.6万平方米", Value: "47.6", Unit: "万平方米", Subject: "完成9个地块共征收工作"},
			{Text: "9宗", Value: "9", Unit: "宗", Subject: "组织出让地块"},
		}},
		{"p11.s5", "塞坝口连片3公顷土地收储", []fig{
			{Text: "3公顷", Value: "3", Unit: "公顷", Subject: "塞坝口连片土地收储"},
		}},
		{"p12.s2", "耀华大街等5个项目6片", []fig{
			{Text: "5个", Value: "5", Unit: "个", Subject: "基本完成耀华大街等项目6片历史文化街区改造"},
			{Text: "6片", Value: "6", Unit: "片", Subject: "基本完成耀华大街等5个项目历史文化街区改造"},
		}},
		{"p12.s3", "“第五立面”整治", []fig{
			{Text: "25条", Value: "25", Unit: "条", Subject: "龙津西路等重要道路沿线整治"},
			{Text: "8个", Value: "8", Unit: "个", Subject: "推动上下九广场等重要节点片区的“第五立面”整治"},
		}},
		{"p13.s2", "打造十五分钟产业生态圈", []fig{
			{Text: "十五分钟", Value: "十五", Unit: "分钟", Subject: "打造产业生态圈"},
		}},
		{"p14.s2", "“1个省级主平台+2个主题产业园区”", []fig{
			// "主平台+2个" is a list joined by +, not a name like "6+4".
			{Text: "1个", Value: "1", Unit: "个", Subject: "*"},
			{Text: "2个", Value: "2", Unit: "个", Subject: "*"},
		}},
		{"p14.s3", "全年力争建成16个产业载体", []fig{
			{Text: "16个", Value: "16", Unit: "个", Subject: "全年力争建成产业载体"},
			{Text: "101.45万平方米", Value: "101.45", Unit: "万平方米", Subject: "建设面积"},
			{Text: "4个", Value: "4", Unit: "个", Subject: "其中高标准工业厂房项目", Detail: true},
			{Text: "35.48万平方米", Value: "35.48", Unit: "万平方米", Subject: "其中高标准工业厂房项目4个、面积", Detail: true},
			{Text: "5个", Value: "5", Unit: "个", Subject: "商务办公空间项目", Detail: true},
			{Text: "47.86万平方米", Value: "47.86", Unit: "万平方米", Subject: "商务办公空间项目5个、面积", Detail: true},
			{Text: "2个", Value: "2", Unit: "个", Subject: "高端商业载体项目", Detail: true},
			{Text: "14万平方米", Value: "14", Unit: "万平方米", Subject: "高端商业载体项目2个、面积", Detail: true},
			{Text: "5个", Value: "5", Unit: "个", Subject: "老旧物业改造项目", Detail: true},
			{Text: "4.11万平方米", Value: "4.11", Unit: "万平方米", Subject: "老旧物业改造项目5个、面积", Detail: true},
		}},
		{"p14.s4", "新开工项目23个、面积251.05万平方米", []fig{
			{Text: "23个", Value: "23", Unit: "个", Subject: "新开工项目"},
			{Text: "251.05万平方米", Value: "251.05", Unit: "万平方米", Subject: "新开工项目23个、面积"},
			{Text: "11个", Value: "11", Unit: "个", Subject: "其中高标准工业厂房项目", Detail: true},
			{Text: "130.38万平方米", Value: "130.38", Unit: "万平方米", Subject: "其中高标准工业厂房项目11个、面积", Detail: true},
			{Text: "4个", Value: "4", Unit: "个", Subject: "商务办公空间项目", Detail: true},
			{Text: "43.69万平方米", Value: "43.69", Unit: "万平方米", Subject: "商务办公空间项目4个、面积", Detail: true},
			{Text: "5个", Value: "5", Unit: "个", Subject: "高端商业载体项目", Detail: true},
			{Text: "69.12万平方米", Value: "69.12", Unit: "万平方米", Subject: "高端商业载体项目5个、面积", Detail: true},
			{Text: "3个", Value: "3", Unit: "个", Subject: "老旧物业改造项目", Detail: true},
			{Text: "7.86万平方米", Value: "7.86", Unit: "万平方米", Subject: "老旧物业改造项目3个、面积", Detail: true},
		}},
		{"p14.s5", "力争全年新开工留用地项目11个", []fig{
			{Text: "11个", Value: "11", Unit: "个", Subject: "力争全年新开工留用地项目"},
			{Text: "3个", Value: "3", Unit: "个", Subject: "村镇工业集聚区"},
			{Text: "1个", Value: "1", Unit: "个", Subject: "复建物业"},
		}},
		{"p15.s5", "新增国家级专精特新“小巨人”企业1-2家", []fig{
			{Text: "5%以上", Value: "5", Unit: "%", Qualifier: "以上", Subject: "创新型企业认定数量增长"},
			{Text: "1-2家", Value: "1-2", Unit: "家", Subject: "新增国家级专精特新“小巨人”企业"},
		}},
		{"p16.s4", "新增优质公办基础教育学位5040个", []fig{
			{Text: "5040个", Value: "5040", Unit: "个", Subject: "新增优质公办基础教育学位"},
		}},
		{"p20.s6", "力争城市更新完成投资125亿元", []fig{
			{Text: "125亿元", Value: "125", Unit: "亿元", Subject: "力争城市更新完成投资"},
			{Text: "5个", Value: "5", Unit: "个", Subject: "新开工地块"},
			{Text: "21个", Value: "21", Unit: "个", Subject: "续建地块"},
			{Text: "9个", Value: "9", Unit: "个", Subject: "其中完工", Detail: true},
			{Text: "6个", Value: "6", Unit: "个", Subject: "收储出让地块",
				bug: "the 其中 of “(其中完工9个)” still marks figures after the closing parenthesis as details"},
		}},
		{"p20.s8", "分类推进14个项目共29个老旧小区微改造", []fig{
			{Text: "14个", Value: "14", Unit: "个", Subject: "分类推进项目共29个老旧小区微改造"},
			{Text: "29个", Value: "29", Unit: "个", Subject: "分类推进14个项目共老旧小区微改造"},
		}},
		{"p21.s2", "岭南V谷周边道路等35条、12.4公里道路建成通车", []fig{
			{Text: "35条", Value: "35", Unit: "条", Subject: "岭南V谷周边道路等"},
			{Text: "12.4公里", Value: "12.4", Unit: "公里", Subject: "道路建成通车"},
			{Text: "70条", Value: "70", Unit: "条", Subject: "葵蓬路等"},
			{Text: "59公里", Value: "59", Unit: "公里", Subject: "道路完成升级改造"},
		}},
		{"p21.s3", "完成征借地23.1万平方米", []fig{
			{Text: "23.1万平方米", Value: "23.1", Unit: "万平方米", Subject: "完成征借地"},
			{Text: "6.2万平方米", Value: "6.2", Unit: "万平方米", Subject: "房屋拆迁"},
		}},
		{"p23.s1", "新增9万平方米绿地", []fig{
			{Text: "9万平方米", Value: "9", Unit: "万平方米", Subject: "新增绿地"},
		}},
		{"p23.s3", "聚龙湾片区两大美丽单元", []fig{
			{Text: "两大", Value: "两", Unit: "大", Subject: "聚龙湾片区美丽单元"},
		}},
		{"p24.s2", "完成海南等9个片区建设", []fig{
			{Text: "9个", Value: "9", Unit: "个", Subject: "完成海南等片区建设"},
		}},
		{"p24.s3", "完成7500户用水设施改造", []fig{
			{Text: "7500户", Value: "7500", Unit: "户", Subject: "完成用水设施改造"},
		}},
		{"p26.s6", "开展1000场文化惠民演出", []fig{
			{Text: "1000场", Value: "1000", Unit: "场", Subject: "开展文化惠民演出"},
		}},
		{"p27.s4", "构建四大美食集聚区“4+N+N”三年培育路径", []fig{
			// The subject currently ends in "“4", a fragment of the name "4+N+N".
			{Text: "四大", Value: "四", Unit: "大", Subject: "*"},
			// A plan's span of years is asked for: "培育路径规划几年".
			{Text: "三年", Value: "三", Unit: "年", Subject: "*"},
		}},
		{"p17.s2", "实施新一轮岭南文化人才高地建设三年行动", []fig{
			// 新一轮 is an article and a span, no count; 三年 is the plan's span.
			{Text: "三年", Value: "三", Unit: "年", Subject: "实施新一轮岭南文化人才高地建设行动"},
		}},
		{"p28.s1", "市容四大方面129个项目建设", []fig{
			{Text: "四大", Value: "四", Unit: "大", Subject: "市容方面129个项目建设"},
			{Text: "129个", Value: "129", Unit: "个", Subject: "市容四大方面项目建设"},
		}},
		{"p29.s1", "聚焦“15分钟就业服务圈”建设", []fig{
			{Text: "15分钟", Value: "15", Unit: "分钟", Subject: "聚焦“就业服务圈”建设"},
		}},
		{"p29.s2", "开展技能培训不少于1万人次", []fig{
			{Text: "2家", Value: "2", Unit: "家", Subject: "建设区级创业孵化示范基地"},
			{Text: "2个", Value: "2", Unit: "个", Subject: "区级技能人才培训基地"},
			{Text: "不少于1万人次", Value: "1", Unit: "万人次", Qualifier: "不少于", Subject: "开展技能培训"},
		}},
		{"p30.s1", "力争全区14家社区卫生服务中心", []fig{
			{Text: "14家", Value: "14", Unit: "家", Subject: "力争全区社区卫生服务中心达到国家“优质服务基层行”推荐标准"},
			{Text: "8家", Value: "8", Unit: "家", Subject: "社区卫生服务中心建成省级社区医院"},
		}},
		{"p30.s3", "打造3-5个中医临床重点", []fig{
			{Text: "3-5个", Value: "3-5", Unit: "个", Subject: "打造中医临床重点"},
		}},
		{"p31.s1", "养老机构服务安全基本规范100%达标", []fig{
			{Text: "100%", Value: "100", Unit: "%", Subject: "推动养老机构服务安全基本规范达标"},
		}},
		{"p31.s3", "实现街道精康服务100%全覆盖", []fig{
			{Text: "100%", Value: "100", Unit: "%", Subject: "实现街道精康服务全覆盖"},
		}},
		{"p31.s4", "争取全区托位总量超6500个", []fig{
			{Text: "超6500个", Value: "6500", Unit: "个", Qualifier: "超", Subject: "争取全区托位总量"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			s := findSentence(t, r, tt.part)
			if s.ID != tt.id {
				t.Fatalf("sentence with %q is %s, want %s", tt.part, s.ID, tt.id)
			}
			checkFigures(t, s.Text, corpus.ExtractFigures(s.Text), tt.want)
		})
	}
}

// A figure's clause is the comma-delimited clause it stands in.
func TestExtractFiguresClause(t *testing.T) {
	r := parseReport(t)
	tests := []struct{ part, text, clause string }{
		{"新增优质公办基础教育学位5040个", "5040个", "新增优质公办基础教育学位5040个"},
		{"新开工项目23个、面积251.05万平方米", "251.05万平方米", "新开工项目23个、面积251.05万平方米"},
		{"新开工项目23个、面积251.05万平方米", "43.69万平方米", "商务办公空间项目4个、面积43.69万平方米"},
		{"力争全年新开工留用地项目11个", "3个", "力争全年新开工留用地项目11个、村镇工业集聚区3个、复建物业1个"},
		{"地区生产总值增长5%左右", "5%左右", "地区生产总值增长5%左右"},
		{"开展技能培训不少于1万人次", "不少于1万人次", "开展技能培训不少于1万人次"},
	}
	for _, tt := range tests {
		s := findSentence(t, r, tt.part)
		found := false
		for _, f := range s.Figures {
			if f.Text == tt.text {
				found = true
				if f.Clause != tt.clause {
					t.Errorf("%s %q: Clause = %q, want %q", s.ID, f.Text, f.Clause, tt.clause)
				}
			}
		}
		if !found {
			t.Errorf("%s has no figure %q", s.ID, tt.text)
		}
	}
}

// Detail is true exactly for the figures after 其中, up to a semicolon.
func TestExtractFiguresDetail(t *testing.T) {
	r := parseReport(t)
	for _, part := range []string{"全年力争建成16个产业载体", "新开工项目23个、面积251.05万平方米"} {
		s := findSentence(t, r, part)
		cut := strings.Index(s.Text, "其中")
		if cut < 0 {
			t.Fatalf("%s has no 其中", s.ID)
		}
		before, after := 0, 0
		for _, f := range s.Figures {
			at := strings.Index(s.Text, f.Clause)
			if wantDetail := at > cut || strings.HasPrefix(f.Clause, "其中"); f.Detail != wantDetail {
				t.Errorf("%s %q: Detail = %v, want %v", s.ID, f.Text, f.Detail, wantDetail)
			}
			if f.Detail {
				after++
			} else {
				before++
			}
		}
		if before != 2 || after != 8 {
			t.Errorf("%s: %d totals and %d details, want 2 and 8", s.ID, before, after)
		}
	}
	tests := []struct {
		sentence string
		details  []bool
	}{
		{"建成16个载体,其中厂房4个、办公5个", []bool{false, true, true}},
		{"建成16个载体,其中厂房4个;新开工23个", []bool{false, true, false}},
		{"建成16个载体,其中厂房4个；新开工23个", []bool{false, true, false}},
		{"建成16个载体。新开工23个", []bool{false, false}},
		{"其中", nil},
		{"其5个中3个", []bool{false, false}},
	}
	for _, tt := range tests {
		fs := corpus.ExtractFigures(tt.sentence)
		if len(fs) != len(tt.details) {
			t.Errorf("ExtractFigures(%q) gave %d figures, want %d", tt.sentence, len(fs), len(tt.details))
			continue
		}
		for i, f := range fs {
			if f.Detail != tt.details[i] {
				t.Errorf("ExtractFigures(%q)[%d] %q: Detail = %v, want %v", tt.sentence, i, f.Text, f.Detail, tt.details[i])
			}
		}
	}
}

// Numbers that name things rather than count them must not become figures.
func TestExtractFiguresNamesAreNotFigures(t *testing.T) {
	r := parseReport(t)
	// Real sentences whose only numbers are names, dates or set phrases.
	for _, part := range []string{
		"围绕构建“1283”现代化产业体系",           // “1283”
		"锚定“1283”现代化产业体系",             // “1283”, “两业融合”, “两化转型”
		"科学开展“十四五”规划落实情况评估和“十五五”规划编制", // “十四五”, “十五五”
		"(2021-2035年)》,围绕广州“6+4”城市性质", // 2021-2035年, "6+4"
		"4月17日,广州市荔湾区十七届人大五次会议",       // 4月17日, 十七届五次
		"2025年荔湾区政府工作报告正式出炉",          // 2025年
		"2025年,荔湾区将怎么干?",
		"空气质量PM2.5达标率",         // PM2.5
		"新缔结一批粤港澳姊妹学校",         // 一批
		"推出新一轮营商环境改革举措",        // 新一轮
		"修缮和活化利用大通烟雨井",         // 一批
		"推动鹅潭一号总部",             // 一号
		"加快广船二期创享中心",           // 二期
		"大力引进五星级标准酒店",          // 五星级
		"做好需求和推荐“两个清单”",        // “两个清单”
		"坚持招商引资与招才引智“两手抓”",     // 两手
		"实施“三线”整治",             // “三线”
		"“三区三线”划定释放",           // but the sentence has 1个 and 2个
		"构建“一岛多厅多站点”人才阵地格局",    // “一岛”
		"深入推进“高效办成一件事”",        // 一件
		"提升“五羊杯”全国象棋冠军赛",       // “五羊杯”
		"全面推进区级中医医院“两专科一中心”建设", // but the sentence has 3-5个
	} {
		s := findSentence(t, r, part)
		for _, f := range s.Figures {
			switch {
			case part == "“三区三线”划定释放" && (f.Text == "1个" || f.Text == "2个"):
			case strings.HasPrefix(part, "全面推进区级中医医院") && f.Text == "3-5个":
			default:
				t.Errorf("%s: unexpected figure %s in %q", s.ID, figString(f), s.Text)
			}
		}
	}
	// Names inside sentences that also hold real figures.
	for _, tt := range []struct{ part, name string }{
		{"岭南V谷等23个土地项目收储", "V"},
		{"岭南V谷周边道路等35条", "V"},
		{"“第五立面”整治", "五"},
		{"构建四大美食集聚区“4+N+N”", "4"},
		{"构建四大美食集聚区“4+N+N”", "N"},
	} {
		s := findSentence(t, r, tt.part)
		for _, f := range s.Figures {
			if strings.Contains(f.Text, tt.name) || strings.Contains(f.Value, tt.name) {
				t.Errorf("%s: figure %s is taken from the name %q", s.ID, figString(f), tt.name)
			}
		}
	}
	// Invented sentences.
	for _, s := range []string{
		"围绕构建“1283”现代化产业体系",
		"“十四五”规划",
		"“十五五”规划",
		"十四五规划",
		"广州“6+4”城市性质",
		"构建“4+N+N”培育路径",
		"6+4个",
		"2021-2035年",
		"2021—2035年",
		"2025年",
		"4月17日",
		"10时30分",
		"3号线",
		"第三期",
		"十七届五次会议",
		"PM2.5",
		"PM2.5个",
		"PM10",
		"5G基站",
		"3D打印",
		"岭南V谷",
		"“第五立面”",
		"第5个",
		"第五个",
		"第1-2个",
		"一批",
		"新一轮",
		"一个",
		"一条龙",
		"123",
		"12.5",
		"5-",
		"-5",
		"—",
		"十",
		"“两大”",
		"《三个代表》",
	} {
		if fs := corpus.ExtractFigures(s); len(fs) != 0 {
			var got []string
			for _, f := range fs {
				got = append(got, figString(f))
			}
			t.Errorf("ExtractFigures(%q) = %v, want none", s, got)
		}
	}
}

func TestExtractFiguresInvented(t *testing.T) {
	tests := []struct {
		sentence string
		want     []fig
	}{
		// Prefix qualifiers, longest first.
		{"约3个", []fig{{Text: "约3个", Value: "3", Unit: "个", Qualifier: "约"}}},
		{"新建学校约3所", []fig{{Text: "约3所", Value: "3", Unit: "所", Qualifier: "约", Subject: "新建学校"}}},
		{"超过100家企业", []fig{{Text: "超过100家", Value: "100", Unit: "家", Qualifier: "超过", Subject: "企业"}}},
		{"超100家", []fig{{Text: "超100家", Value: "100", Unit: "家", Qualifier: "超"}}},
		{"不超过3个", []fig{{Text: "不超过3个", Value: "3", Unit: "个", Qualifier: "不超过"}}},
		{"不低于80%", []fig{{Text: "不低于80%", Value: "80", Unit: "%", Qualifier: "不低于"}}},
		{"不少于1万人次", []fig{{Text: "不少于1万人次", Value: "1", Unit: "万人次", Qualifier: "不少于"}}},
		{"至少2所", []fig{{Text: "至少2所", Value: "2", Unit: "所", Qualifier: "至少"}}},
		{"达到95%", []fig{{Text: "达到95%", Value: "95", Unit: "%", Qualifier: "达到"}}},
		{"达95%", []fig{{Text: "达95%", Value: "95", Unit: "%", Qualifier: "达"}}},
		{"突破1000人", []fig{{Text: "突破1000人", Value: "1000", Unit: "人", Qualifier: "突破"}}},
		{"近10个", []fig{{Text: "近10个", Value: "10", Unit: "个", Qualifier: "近"}}},
		{"逾50家", []fig{{Text: "逾50家", Value: "50", Unit: "家", Qualifier: "逾"}}},
		// Suffix qualifiers.
		{"新增就业1万人以上", []fig{{Text: "1万人以上", Value: "1", Unit: "万人", Qualifier: "以上", Subject: "新增就业"}}},
		{"5个以上", []fig{{Text: "5个以上", Value: "5", Unit: "个", Qualifier: "以上"}}},
		{"增长5%左右", []fig{{Text: "5%左右", Value: "5", Unit: "%", Qualifier: "左右", Subject: "增长"}}},
		{"控制在5公里以内", []fig{{Text: "5公里以内", Value: "5", Unit: "公里", Qualifier: "以内", Subject: "控制在"}}},
		{"3岁以下婴幼儿", []fig{{Text: "3岁以下", Value: "3", Unit: "岁", Qualifier: "以下", Subject: "婴幼儿"}}},
		{"200人余", []fig{{Text: "200人余", Value: "200", Unit: "人", Qualifier: "余"}}},
		// Prefix and suffix together are joined by a space.
		{"约5个以上", []fig{{Text: "约5个以上", Value: "5", Unit: "个", Qualifier: "约 以上"}}},
		{"超过5%左右", []fig{{Text: "超过5%左右", Value: "5", Unit: "%", Qualifier: "超过 左右"}}},
		// Ranges with every dash.
		{"打造3-5个", []fig{{Text: "3-5个", Value: "3-5", Unit: "个", Subject: "打造"}}},
		{"3~5个", []fig{{Text: "3~5个", Value: "3-5", Unit: "个"}}},
		{"1—2家", []fig{{Text: "1—2家", Value: "1-2", Unit: "家"}}},
		{"1–2家", []fig{{Text: "1–2家", Value: "1-2", Unit: "家"}}},
		{"3至5个", []fig{{Text: "3至5个", Value: "3-5", Unit: "个"}}},
		{"1.5-2.5万平方米", []fig{{Text: "1.5-2.5万平方米", Value: "1.5-2.5", Unit: "万平方米"}}},
		// Units, longest first, with 万 and 亿.
		{"2平方公里", []fig{{Text: "2平方公里", Value: "2", Unit: "平方公里"}}},
		{"5立方米", []fig{{Text: "5立方米", Value: "5", Unit: "立方米"}}},
		{"10千米", []fig{{Text: "10千米", Value: "10", Unit: "千米"}}},
		{"30分钟", []fig{{Text: "30分钟", Value: "30", Unit: "分钟"}}},
		{"2小时", []fig{{Text: "2小时", Value: "2", Unit: "小时"}}},
		{"3倍", []fig{{Text: "3倍", Value: "3", Unit: "倍"}}},
		{"100张床位", []fig{{Text: "100张", Value: "100", Unit: "张", Subject: "床位"}}},
		{"1.5亿元", []fig{{Text: "1.5亿元", Value: "1.5", Unit: "亿元"}}},
		{"3亿", []fig{{Text: "3亿", Value: "3", Unit: "亿"}}},
		{"增长5万", []fig{{Text: "5万", Value: "5", Unit: "万", Subject: "增长"}}},
		{"2万人次", []fig{{Text: "2万人次", Value: "2", Unit: "万人次"}}},
		{"2人次", []fig{{Text: "2人次", Value: "2", Unit: "人次"}}},
		// Chinese numerals with their short list of units.
		{"打造十五分钟生活圈", []fig{{Text: "十五分钟", Value: "十五", Unit: "分钟", Subject: "打造生活圈"}}},
		{"两大单元", []fig{{Text: "两大", Value: "两", Unit: "大", Subject: "单元"}}},
		{"三个项目", []fig{{Text: "三个", Value: "三", Unit: "个", Subject: "项目"}}},
		{"一百二十家", []fig{{Text: "一百二十家", Value: "一百二十", Unit: "家"}}},
		{"十所学校", []fig{{Text: "十所", Value: "十", Unit: "所", Subject: "学校"}}},
		// Latin letters right before or after the number block it, but not
		// letters further away.
		{"新建5G基站100个", []fig{{Text: "100个", Value: "100", Unit: "个", Subject: "新建5G基站"}}},
		// A list joined by + still counts when the + does not follow a number.
		{"主平台+2个主题园区", []fig{{Text: "2个", Value: "2", Unit: "个", Subject: "主题园区"}}},
		// Two figures with an attribute taking the previous item as subject.
		{"项目4个、面积35万平方米", []fig{
			{Text: "4个", Value: "4", Unit: "个", Subject: "项目"},
			{Text: "35万平方米", Value: "35", Unit: "万平方米", Subject: "项目4个、面积"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			checkFigures(t, tt.sentence, corpus.ExtractFigures(tt.sentence), tt.want)
		})
	}
}

// Full-width digits and other unusual text are normalised before corpus
// sees them; ExtractFigures only has to survive them.
func TestExtractFiguresOddInputDoesNotPanic(t *testing.T) {
	for _, s := range []string{
		"", " ", "。", "１２个", "６５００个", "１２．５％", "5０个", "增长５%左右",
		"\x00\x01\x02\x1b[31m5个\x7f", "😀5个😀", "👍🏽十五分钟🇨🇳", "\xff\xfe5个\xc3\x28",
		"5", "5万", "5万亿", "5.", ".5个", "5..5个", "1-", "1-2-3个", "1--2个", "其", "其中",
		"“", "”", "“““5个", "”””5个", "十", "十十十十个", "两两两大", "零个", "第", "第十",
		"+-:^()\"*~\\?!5个", "title:5个 AND 学位^2 -托位 \"超6500个\"",
		strings.Repeat("9", 400) + "个", strings.Repeat("1.", 200) + "5个",
		strings.Repeat("十", 1000) + "个", strings.Repeat("“", 500) + "十个",
	} {
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("ExtractFigures(%q) panicked: %v", s, p)
				}
			}()
			for _, f := range corpus.ExtractFigures(s) {
				if f.Value == "" || f.Unit == "" || !strings.Contains(s, f.Text) {
					t.Errorf("ExtractFigures(%q): malformed figure %s", s, figString(f))
				}
				f.Amount()
				f.BaseUnit()
			}
		}()
	}
}

func TestFigureAmount(t *testing.T) {
	r := parseReport(t)
	figureIn := func(part, text string) corpus.Figure {
		t.Helper()
		s := findSentence(t, r, part)
		for _, f := range s.Figures {
			if f.Text == text {
				return f
			}
		}
		t.Fatalf("%s has no figure %q", s.ID, text)
		return corpus.Figure{}
	}
	tests := []struct {
		name     string
		f        corpus.Figure
		low, hig float64
	}{
		{"1万人以上", figureIn("新增就业1万人以上", "1万人以上"), 1e4, 1e4},
		{"125亿元", figureIn("力争城市更新完成投资125亿元", "125亿元"), 1.25e10, 1.25e10},
		{"535亿元", figureIn("固定资产投资完成535亿元", "535亿元"), 5.35e10, 5.35e10},
		{"3-5个", figureIn("打造3-5个中医临床重点", "3-5个"), 3, 5},
		{"1-2家", figureIn("企业1-2家", "1-2家"), 1, 2},
		{"十五分钟", figureIn("打造十五分钟产业生态圈", "十五分钟"), 15, 15},
		{"两大", figureIn("两大美丽单元", "两大"), 2, 2},
		{"四大", figureIn("市容四大方面", "四大"), 4, 4},
		{"251.05万平方米", figureIn("新开工项目23个、面积251.05万平方米", "251.05万平方米"), 2510500, 2510500},
		{"101.45万平方米", figureIn("全年力争建成16个产业载体", "101.45万平方米"), 1014500, 1014500},
		{"不少于1万人次", figureIn("开展技能培训不少于1万人次", "不少于1万人次"), 1e4, 1e4},
		{"超6500个", figureIn("争取全区托位总量超6500个", "超6500个"), 6500, 6500},
		{"5%左右", figureIn("地区生产总值增长5%左右", "5%左右"), 5, 5},
		{"100%", figureIn("实现街道精康服务100%全覆盖", "100%"), 100, 100},
		{"12.4公里", figureIn("35条、12.4公里道路", "12.4公里"), 12.4, 12.4},
		{"hand-made 亿", corpus.Figure{Value: "3", Unit: "亿"}, 3e8, 3e8},
		{"hand-made 万", corpus.Figure{Value: "5", Unit: "万"}, 5e4, 5e4},
		{"hand-made range 万", corpus.Figure{Value: "1.5-2.5", Unit: "万平方米"}, 15000, 25000},
		{"traditional 萬 (a reply to a traditional asker)", corpus.Figure{Value: "1", Unit: "萬人次"}, 1e4, 1e4},
		{"traditional 億", corpus.Figure{Value: "125", Unit: "億元"}, 1.25e10, 1.25e10},
		{"hand-made Chinese", corpus.Figure{Value: "一百二十", Unit: "个"}, 120, 120},
		{"no unit", corpus.Figure{Value: "7"}, 7, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi, ok := tt.f.Amount()
			if !ok {
				t.Fatalf("Amount() of %+v not ok", tt.f)
			}
			if !near(lo, tt.low) || !near(hi, tt.hig) {
				t.Errorf("Amount() of %q %q = (%v, %v), want (%v, %v)", tt.f.Value, tt.f.Unit, lo, hi, tt.low, tt.hig)
			}
		})
	}
	for _, f := range []corpus.Figure{
		{},
		{Value: "", Unit: "个"},
		{Value: "abc", Unit: "个"},
		{Value: "1-", Unit: "个"},
		{Value: "-2", Unit: "个"},
		{Value: "1-x", Unit: "个"},
		{Value: "万", Unit: "个"},
		{Value: "十x", Unit: "个"},
		{Value: "1.2.3", Unit: "个"},
	} {
		if lo, hi, ok := f.Amount(); ok {
			t.Errorf("Amount() of %+v = (%v, %v, true), want not ok", f, lo, hi)
		}
	}
	// Every figure of the report has an amount.
	for _, s := range r.Sentences() {
		for _, f := range s.Figures {
			lo, hi, ok := f.Amount()
			if !ok || lo > hi || lo < 0 || math.IsNaN(lo) || math.IsInf(hi, 0) {
				t.Errorf("%s %q: Amount() = (%v, %v, %v)", s.ID, f.Text, lo, hi, ok)
			}
		}
	}
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func TestFigureBaseUnit(t *testing.T) {
	tests := map[string]string{
		"万平方米": "平方米",
		"万人":   "人",
		"万人次":  "人次",
		"亿元":   "元",
		"个":    "个",
		"%":    "%",
		"平方米":  "平方米",
		"分钟":   "分钟",
		"大":    "大",
		"万":    "万", // a bare multiplier is its own unit
		"亿":    "亿",
		"":     "",
	}
	for unit, want := range tests {
		if got := (corpus.Figure{Unit: unit}).BaseUnit(); got != want {
			t.Errorf("BaseUnit() of %q = %q, want %q", unit, got, want)
		}
	}
	r := parseReport(t)
	for _, s := range r.Sentences() {
		for _, f := range s.Figures {
			if b := f.BaseUnit(); b == "" || !strings.HasSuffix(f.Unit, b) {
				t.Errorf("%s %q: BaseUnit() = %q for unit %q", s.ID, f.Text, b, f.Unit)
			}
		}
	}
}

// TestKnownBugs states the correct behaviour for defects found while writing
// these tests. Each subtest is skipped while its bug stands and passes once it
// is fixed; see the report that came with these tests.
// TestFigureRegressions holds bugs found by review, now fixed.
func TestFigureRegressions(t *testing.T) {
	one := func(t *testing.T, sentence, text string) corpus.Figure {
		t.Helper()
		for _, f := range corpus.ExtractFigures(sentence) {
			if strings.Contains(f.Text, text) {
				return f
			}
		}
		t.Fatalf("ExtractFigures(%q) has no figure with %q", sentence, text)
		return corpus.Figure{}
	}
	t.Run("其中 in parentheses leaks past them", func(t *testing.T) {
		f := one(t, "续建21个地块(其中完工9个)、收储出让6个地块", "6个")
		if f.Detail {
			t.Errorf("收储出让6个地块 after “(其中完工9个)” is marked Detail")
		}
	})
	t.Run("尤其中 is not 其中", func(t *testing.T) {
		f := one(t, "支持企业尤其中小企业发展,新增10家", "10家")
		if f.Detail {
			t.Errorf("尤其中小企业 (especially SMEs) turns on Detail")
		}
	})
	t.Run("多功能 is not 多", func(t *testing.T) {
		f := one(t, "建设3个多功能运动场", "3个")
		if f.Qualifier != "" || f.Text != "3个" {
			t.Errorf("3个多功能 gives Qualifier %q, Text %q", f.Qualifier, f.Text)
		}
	})
	t.Run("万亿 multiplier", func(t *testing.T) {
		f := one(t, "地区生产总值达1.2万亿元", "1.2")
		if lo, _, ok := f.Amount(); !ok || !near(lo, 1.2e12) {
			t.Errorf("1.2万亿元 gives Unit %q, Amount %v", f.Unit, lo)
		}
	})
}

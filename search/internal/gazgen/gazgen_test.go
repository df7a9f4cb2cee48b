package gazgen

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestShortForms(t *testing.T) {
	for _, c := range []struct {
		name  string
		short []string
	}{
		{"佛山市", []string{"佛山"}},
		{"顺德区", []string{"顺德"}},
		{"台山市", []string{"台山"}},
		{"广西壮族自治区", []string{"广西"}},
		{"新疆维吾尔自治区", []string{"新疆"}},
		{"连山壮族瑶族自治县", []string{"连山"}},
		{"博尔塔拉蒙古自治州", []string{"博尔塔拉"}}, // a people named without 族
		{"黔东南苗族侗族自治州", []string{"黔东南"}},
		{"阿克苏地区", []string{"阿克苏"}},
		{"锡林郭勒盟", []string{"锡林郭勒"}},
		{"香港特别行政区", []string{"香港"}},
		{"城区", nil},  // one character left
		{"白云区", nil}, // 蓝天白云
		{"中山市", nil}, // 中山路, 中山大学
		{"香港岛", nil}, // no suffix to drop
	} {
		if got := shortForms(c.name); !slices.Equal(got, c.short) {
			t.Errorf("shortForms(%q) = %q, want %q", c.name, got, c.short)
		}
	}
}

func TestEnglish(t *testing.T) {
	for _, c := range []struct {
		name string
		want []string
	}{
		{"佛山市", []string{"foshan"}}, // 佛 read fo, not fu
		{"长春市", []string{"changchun"}},
		{"花都区", []string{"huadu"}},
		{"番禺区", []string{"panyu"}},
		{"香港特别行政区", []string{"hong kong", "hongkong"}},
		{"重庆市", []string{"chongqing"}},
	} {
		if got := english(c.name); !slices.Equal(got, c.want) {
			t.Errorf("english(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestSARDistrict(t *testing.T) {
	p := sarDistrict("嘉模堂区（氹仔）")
	if p.Name != "嘉模堂区" || !slices.Equal(p.Short, []string{"嘉模堂", "氹仔"}) || p.Level != "sar" {
		t.Errorf("嘉模堂区（氹仔） read as %+v", p)
	}
	if p := sarDistrict("东区"); p.Level != "ambiguous" {
		t.Errorf("东区 is level %q, want ambiguous", p.Level)
	}
}

// testDivisions is a minimal set of division files: Guangdong with
// Guangzhou, Liwan and one other district, one street, and an empty SAR file.
func testDivisions() fstest.MapFS {
	return fstest.MapFS{
		"provinces.csv":     {Data: []byte("code,name\n44,\"广东省\"\n11,\"北京市\"\n")},
		"cities.csv":        {Data: []byte("code,name,provinceCode\n1101,\"市辖区\",11\n4401,\"广州市\",44\n4406,\"佛山市\",44\n")},
		"areas.csv":         {Data: []byte("code,name,cityCode,provinceCode\n440103,\"荔湾区\",4401,44\n440606,\"顺德区\",4406,44\n110101,\"东城区\",1101,11\n")},
		"streets-liwan.csv": {Data: []byte("code,name,areaCode,provinceCode,cityCode\n440103001,\"沙面街道\",440103,44,4401\n")},
		"HK-MO-TW.json":     {Data: []byte(`{"香港特别行政区": {"九龙": ["观塘区"]}}`)},
	}
}

func TestGenerate(t *testing.T) {
	tsv, err := Generate(testDivisions())
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(strings.TrimPrefix(string(tsv), Header), "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			t.Fatalf("line %q has %d fields", line, len(f))
		}
		rows[f[0]] = strings.Join(f[1:], "\t")
	}
	for name, want := range map[string]string{
		"广东省":  "广东\tprovince\tparent\tguangdong",
		"北京市":  "北京\tprovince\tout\tbeijing",
		"广州市":  "广州\tcity\tparent\tguangzhou|canton",
		"佛山市":  "佛山\tcity\tout\tfoshan",
		"荔湾区":  "荔湾\tdistrict\tin\tliwan",
		"顺德区":  "顺德\tdistrict\tout\tshunde",
		"沙面街道": "沙面街|沙面\tstreet\tin\tshamian",
		"观塘区":  "观塘\tsar\tout\tkwun tong",
	} {
		if got := rows[name]; got != want {
			t.Errorf("row %s = %q, want %q", name, got, want)
		}
	}
	if _, ok := rows["东城区"]; ok {
		t.Error("a district outside Guangdong is listed")
	}
	if _, ok := rows["市辖区"]; ok {
		t.Error("the 市辖区 stand-in is listed as a place")
	}
}

func TestGenerateMissingFile(t *testing.T) {
	dir := testDivisions()
	delete(dir, "areas.csv")
	if _, err := Generate(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v, want one wrapping fs.ErrNotExist", err)
	}
}

func TestGenerateBadCSV(t *testing.T) {
	dir := testDivisions()
	dir["cities.csv"] = &fstest.MapFile{Data: []byte("code,name,provinceCode\n4401,\"广州市\"\n")}
	if _, err := Generate(dir); err == nil || !strings.Contains(err.Error(), "cities.csv") {
		t.Errorf("error %v, want one naming cities.csv", err)
	}
}

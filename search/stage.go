package search

import "strings"

// A building project is counted at the stage it reaches: the report says
// how many start this year (新开工项目23个) and, in the sentence before, how
// many are completed (建成16个产业载体). Both sentences name the same kinds
// of building with the same words, so a question about the completed
// factory buildings matches either; the stage it names decides which one
// holds its figure.

// stage is how far a project gets.
type stage int

const (
	noStage       stage = iota
	stageStarted        // 开工, 动工: ground broken
	stageFinished       // 竣工, 建成, 完工: built
)

// stageWords are the words that put a project at a stage. 完成 is not
// among them: the report completes investments and land acquisitions as
// often as buildings.
var stageWords = []struct {
	word  string
	stage stage
}{
	{"开工", stageStarted}, {"动工", stageStarted},
	{"竣工", stageFinished}, {"建成", stageFinished}, {"完工", stageFinished}, {"落成", stageFinished},
}

// stagesIn reports which stages a text names.
func stagesIn(text string) (started, finished bool) {
	for _, w := range stageWords {
		if strings.Contains(text, w.word) {
			switch w.stage {
			case stageStarted:
				started = true
			case stageFinished:
				finished = true
			}
		}
	}
	return started, finished
}

// askedStage is the one stage a question names, or noStage when it names
// none or both ("开工和竣工各有几个" asks of both).
func askedStage(text string) stage {
	s, f := stagesIn(text)
	switch {
	case s && !f:
		return stageStarted
	case f && !s:
		return stageFinished
	}
	return noStage
}

// namesOtherStage reports a sentence that puts its projects only at
// another stage than the one asked: its figures count other projects.
func namesOtherStage(asked stage, sentence string) bool {
	if asked == noStage {
		return false
	}
	s, f := stagesIn(sentence)
	if asked == stageStarted {
		return f && !s
	}
	return s && !f
}

// preferStage puts first the best-ranked sentence that names the asked
// stage, when the top one names only the other: "floor area of the factory
// buildings to be completed" is the 建成 sentence's, though the 新开工 one,
// being shorter, ranks above it.
func (e *Engine) preferStage(asked stage, ranked []candidate) {
	if !namesOtherStage(asked, e.sentences[ranked[0].pos].Text) {
		return
	}
	for i, c := range ranked[1:min(len(ranked), maxSources)] {
		if c.coverage < e.minCoverage {
			continue
		}
		if text := e.sentences[c.pos].Text; askedStage(text) == asked {
			copy(ranked[1:i+2], ranked[:i+1])
			ranked[0] = c
			return
		}
	}
}

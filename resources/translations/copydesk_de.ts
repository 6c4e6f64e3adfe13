<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AppearanceTab</name>
    <message>
        <location filename="../../app/ui/settings/appearance_tab.py" line="15"/>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/appearance_tab.py" line="16"/>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/appearance_tab.py" line="17"/>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/appearance_tab.py" line="19"/>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/appearance_tab.py" line="19"/>
        <source>System follows your desktop&apos;s colours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/appearance_tab.py" line="21"/>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autosaver</name>
    <message>
        <location filename="../../app/ui/drafts/autosave.py" line="184"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/autosave.py" line="204"/>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/autosave.py" line="211"/>
        <source>the save was interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/autosave.py" line="217"/>
        <source>Not saved: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackendPicker</name>
    <message>
        <location filename="../../app/ui/backend_picker.py" line="17"/>
        <source>Run on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/backend_picker.py" line="20"/>
        <source>Where this workspace&apos;s model runs: this computer, or a server saved in Settings → Servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/backend_picker.py" line="27"/>
        <source>This computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/backend_picker.py" line="29"/>
        <source>Server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/backend_picker.py" line="43"/>
        <source>Connecting to server %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/backend_picker.py" line="47"/>
        <source>Server %1: not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/backend_picker.py" line="51"/>
        <source>%1 · server %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/backend_picker.py" line="52"/>
        <source>Runs on %1; texts are sent to that server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/backend_picker.py" line="54"/>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/backend_picker.py" line="57"/>
        <source>No model</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/backend_picker.py" line="60"/>
        <source>CPU, %n thread(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/backend_picker.py" line="61"/>
        <source>this computer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../app/ui/charts/bar_chart.py" line="64"/>
        <source>No data yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/charts/bar_chart.py" line="334"/>
        <source>%1: %2 (%3%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/charts/bar_chart.py" line="338"/>
        <source>Bar chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/charts/bar_chart.py" line="342"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/charts/bar_chart.py" line="346"/>
        <source>Selected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/charts/bar_chart.py" line="348"/>
        <source>Focused: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BatchDialog</name>
    <message>
        <location filename="../../app/ui/batch/batch_dialog.py" line="92"/>
        <source>Run a task over a spreadsheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/batch_dialog.py" line="136"/>
        <source>3. Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/batch_dialog.py" line="166"/>
        <location filename="../../app/ui/batch/batch_dialog.py" line="168"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/batch_dialog.py" line="310"/>
        <source>The engine is busy; run again when it is free.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/batch_dialog.py" line="379"/>
        <source>The task of this job (%1) no longer exists; choose another task.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/chosen_recipe.py" line="32"/>
        <source>Choose a task.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/chosen_recipe.py" line="35"/>
        <source>Choose the input file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/chosen_recipe.py" line="40"/>
        <source>Choose an input file that can be read (see above).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/chosen_recipe.py" line="44"/>
        <source>Reading the input file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/chosen_recipe.py" line="48"/>
        <source>Choose a column for: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/chosen_recipe.py" line="51"/>
        <source>Choose where the results go.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/chosen_recipe.py" line="54"/>
        <source>Choose the FAQ file the answers must come from.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BlogWorkspace</name>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="45"/>
        <source>Write outline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="50"/>
        <source>Outline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="52"/>
        <source># Title

## First section
- a point to cover

## Second section
- …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="54"/>
        <location filename="../../app/ui/workspaces/blog.py" line="56"/>
        <location filename="../../app/ui/workspaces/blog.py" line="285"/>
        <source>Write post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="57"/>
        <source>Write every unfinished section, in order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="58"/>
        <location filename="../../app/ui/workspaces/blog.py" line="60"/>
        <source>Regenerate section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="67"/>
        <source>Sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="70"/>
        <source>Section text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="71"/>
        <source>Choose a section to read or edit it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="86"/>
        <source>&lt;b&gt;Outline&lt;/b&gt; — edit freely: ## headings and - points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="142"/>
        <source>The outline has no sections yet: write an outline first, or type ## headings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="147"/>
        <source>Every section is written. Regenerate a section, or edit the outline to add one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="194"/>
        <source>Edit the outline if you like, then press “Write post”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="199"/>
        <source>Stopped. “Continue” writes the remaining sections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="272"/>
        <source>%1 of %2 sections · %3 words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/blog.py" line="285"/>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogTab</name>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="41"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="42"/>
        <source>Sizes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="43"/>
        <source>Licence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="44"/>
        <source>Languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="45"/>
        <source>Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="46"/>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="92"/>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="83"/>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="212"/>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="90"/>
        <source>Quantization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="91"/>
        <source>Download size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="110"/>
        <source>The model catalog could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="125"/>
        <source>many</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="144"/>
        <source>%1 (approximate: weights only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="184"/>
        <source>%1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="188"/>
        <source>%1 · %2 · context %3 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="207"/>
        <source>%1 (approximate; the Hub gives the exact size)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="209"/>
        <source>%1 · installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="212"/>
        <source>Installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="230"/>
        <source>Fit: looking at this computer&apos;s memory…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="289"/>
        <source>Queued %1 %2; progress is in the downloads list below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/catalog_tab.py" line="298"/>
        <source>Could not start the download: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatWorkspace</name>
    <message>
        <location filename="../../app/ui/workspaces/chat.py" line="33"/>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/chat.py" line="37"/>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/chat.py" line="38"/>
        <source>The conversation appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/chat.py" line="41"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/chat.py" line="42"/>
        <source>Write a message. Ctrl+Enter sends, Esc stops.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/chat.py" line="44"/>
        <location filename="../../app/ui/workspaces/chat.py" line="45"/>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/chat.py" line="46"/>
        <source>Start over with an empty conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/chat.py" line="95"/>
        <source>[stopped]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/chat.py" line="95"/>
        <source>[length limit]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/chat.py" line="140"/>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/chat.py" line="140"/>
        <source>Assistant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/chat.py" line="151"/>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClassifyWorkspace</name>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="79"/>
        <source>Classify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="80"/>
        <source>Items to classify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="84"/>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="86"/>
        <source>No items classified yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="91"/>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="91"/>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="91"/>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="91"/>
        <source>True label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="91"/>
        <source>Right?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="101"/>
        <source>Classified items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="177"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="181"/>
        <source>%1 item(s). Labels: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="189"/>
        <source>Accuracy: %1 of %2 right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="193"/>
        <source>failed (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="197"/>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="135"/>
        <source>Classification: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="224"/>
        <source>classification.csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="254"/>
        <source>With several labels per item, the first one is compared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="269"/>
        <source>Classified items appear here as they finish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/classify.py" line="115"/>
        <source>Your labels were not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ColumnMapping</name>
    <message>
        <location filename="../../app/ui/batch/column_mapping.py" line="115"/>
        <source>Preview of the first rows as mapped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/column_mapping.py" line="139"/>
        <source>Column for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/column_mapping.py" line="141"/>
        <source>Required: every row needs this field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/column_mapping.py" line="143"/>
        <source>Optional: leave it on “(not used)” if no column fits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/column_mapping.py" line="191"/>
        <source>(not used)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/column_mapping.py" line="206"/>
        <source>Choose a file to see its columns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/column_mapping.py" line="209"/>
        <source>Choose a column for: %1 (required).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/column_mapping.py" line="211"/>
        <source>Fields marked * are required. The first rows as the task sees them:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfusionView</name>
    <message>
        <location filename="../../app/ui/workspaces/confusion_view.py" line="45"/>
        <source>Confusion matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/confusion_view.py" line="51"/>
        <source>Rows: the true label. Columns: the label the model chose.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/confusion_view.py" line="69"/>
        <source>No items with a true label have been classified yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/confusion_view.py" line="75"/>
        <source>Accuracy: %1 (%2 of %3 items right).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/confusion_view.py" line="81"/>
        <source>%1 item(s) without a true label were left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/confusion_view.py" line="93"/>
        <source>Recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/confusion_view.py" line="94"/>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/confusion_view.py" line="112"/>
        <source>True label %1, chosen %2: %3 item(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/confusion_view.py" line="137"/>
        <source>(not a label)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../app/ui/settings/controls.py" line="42"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/controls.py" line="45"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiscoverBox</name>
    <message>
        <location filename="../../app/ui/model_manager/discover_box.py" line="17"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/discover_box.py" line="18"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/discover_box.py" line="19"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/discover_box.py" line="20"/>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/discover_box.py" line="32"/>
        <source>Models found on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/discover_box.py" line="40"/>
        <source>Use selected in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/discover_box.py" line="58"/>
        <source>Looking for models from LM Studio, Ollama, GPT4All and the Hugging Face cache…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/model_manager/discover_box.py" line="74"/>
        <source>Found %n model(s). Choose one and press Use selected in place.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/discover_box.py" line="76"/>
        <source>No models from other apps were found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/discover_box.py" line="81"/>
        <source>Discovery failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentHolder</name>
    <message>
        <location filename="../../app/ui/workspaces/translate_document.py" line="115"/>
        <source>Opening %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_document.py" line="141"/>
        <source>Open a file to translate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_document.py" line="141"/>
        <source>Documents (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_document.py" line="149"/>
        <location filename="../../app/ui/workspaces/translate_document.py" line="163"/>
        <source>Paste some text or open a file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_document.py" line="156"/>
        <source>Save the translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_document.py" line="169"/>
        <source>Saved the translation to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/workspaces/translate_document.py" line="171"/>
        <source>%n segment(s) still hold the source text.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_document.py" line="177"/>
        <source>Could not save %1: %2. Nothing was lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_document.py" line="192"/>
        <source>%1 could not be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_document.py" line="200"/>
        <source>%1 could not be opened: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DownloadRow</name>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="49"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="50"/>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="122"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="51"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="52"/>
        <source>Stop and delete what was downloaded so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="53"/>
        <source>Stop now; Resume continues where it stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="82"/>
        <source>Installed: %1 (%2, SHA-256 was already there)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="84"/>
        <source>Installed: %1 (%2, SHA-256 verified)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="89"/>
        <source>Cancelled; the partial file was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="91"/>
        <source>Waiting for the downloads before it…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="94"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="102"/>
        <source>Paused at %1. Resume continues from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="106"/>
        <source>Paused. Resume continues from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="111"/>
        <source>Stopped by the error below. Retry continues from what was kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="113"/>
        <source>Stopped by the error below. Retry starts again from the beginning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="122"/>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="151"/>
        <source>No downloads yet. Choose a model in Catalog or Search and press Download.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="163"/>
        <source>Clear finished downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/downloads_panel.py" line="165"/>
        <source>Remove installed and cancelled downloads from this list</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DraftKeeper</name>
    <message>
        <location filename="../../app/ui/draft_keeper.py" line="119"/>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/draft_keeper.py" line="156"/>
        <source>Nothing to save yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/draft_keeper.py" line="164"/>
        <source>Version saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/draft_keeper.py" line="191"/>
        <source>Stop the running generation first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DraftsPanel</name>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="50"/>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="52"/>
        <source>{n} min ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="54"/>
        <source>{n} h ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="57"/>
        <source>yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="59"/>
        <source>{n} days ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="88"/>
        <source>Drafts library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="106"/>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="108"/>
        <source>Search drafts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="108"/>
        <source>Finds words in titles, inputs and texts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="110"/>
        <source>Clear search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="112"/>
        <source>Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="114"/>
        <source>Show trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="114"/>
        <source>Show drafts moved to the trash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="117"/>
        <source>Drafts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="131"/>
        <source>Drafts list status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="132"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="132"/>
        <source>Open draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="133"/>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="133"/>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="232"/>
        <source>Rename draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="135"/>
        <source>Duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="135"/>
        <source>Duplicate draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="138"/>
        <source>Move to trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="138"/>
        <source>Move draft to trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="141"/>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="141"/>
        <source>Restore draft from trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="144"/>
        <source>Delete forever…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="144"/>
        <source>Delete draft forever</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="147"/>
        <source>Empty trash…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="147"/>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="282"/>
        <source>Empty trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="199"/>
        <source>Could not list drafts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="225"/>
        <source>Could not open draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="232"/>
        <source>New title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="237"/>
        <source>Could not rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="243"/>
        <source>Could not duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="255"/>
        <source>Could not move to trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="262"/>
        <source>Could not restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="268"/>
        <source>Delete &quot;{title}&quot; and all its versions forever? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="269"/>
        <source>Delete forever</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="275"/>
        <source>Could not delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="281"/>
        <source>Delete all {n} drafts in the trash forever? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="285"/>
        <source>Could not empty the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="346"/>
        <source>trashed {age}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="348"/>
        <source>edited {age}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="355"/>
        <source>{title}
Created {created}
Last edited {updated}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="380"/>
        <source>No drafts match “{query}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="382"/>
        <source>The trash is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="383"/>
        <source>No drafts yet. What you write is kept here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/drafts_panel.py" line="394"/>
        <source>Draft actions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EndpointDialog</name>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="70"/>
        <source>Edit server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="70"/>
        <source>Add server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="80"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="122"/>
        <source>API key: a key has no spaces or line breaks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="146"/>
        <source>team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="148"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="148"/>
        <source>A short name for this server, shown in workspaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="154"/>
        <source>Base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="155"/>
        <source>The server&apos;s API root, usually ending in /v1 (http or https).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="163"/>
        <source>the server&apos;s first model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="166"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="167"/>
        <source>A model id the server offers. Test connection lists them; empty uses the first one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="172"/>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="176"/>
        <source>Timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="177"/>
        <source>The longest wait for a connection or for the next bytes of an answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="184"/>
        <source>Requests in flight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="185"/>
        <source>How many requests a batch job keeps running at once: the server&apos;s parallel slots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="190"/>
        <source>Ask the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="191"/>
        <source> tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="195"/>
        <source>Context size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="196"/>
        <source>Tokens the server&apos;s context holds. Leave it on Ask the server unless it reports wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="199"/>
        <source>for example TEAM_LLM_KEY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="202"/>
        <source>Key from environment variable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="203"/>
        <source>Read the API key from this variable on each run; it wins over the stored key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="211"/>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="212"/>
        <source>Kept in the system keyring, never in the settings file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="214"/>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="215"/>
        <source>Remove stored key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="219"/>
        <source>&amp;Verify the server&apos;s certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="223"/>
        <source>Verify TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="224"/>
        <source>Check that an https server is who it claims to be. Leave this on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="228"/>
        <source>Without verification, anyone on the network between you and the server can read and change what is sent, the API key included. Prefer a CA file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="233"/>
        <source>TLS warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="235"/>
        <source>the system&apos;s certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="238"/>
        <source>CA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="239"/>
        <source>A PEM file with the certificate authority that signed the server&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="241"/>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="243"/>
        <source>Browse for a CA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="249"/>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="254"/>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="255"/>
        <source>Connect with these settings and list the server&apos;s models; nothing is saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="261"/>
        <source>Test result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="267"/>
        <source>Keep this server (saved when the settings are)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="268"/>
        <source>Close without keeping changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="276"/>
        <source>&amp;Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="277"/>
        <source>Base &amp;URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="278"/>
        <source>&amp;Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="279"/>
        <source>API &amp;key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="281"/>
        <source>Key from &amp;environment variable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="282"/>
        <source>T&amp;imeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="285"/>
        <source>&amp;CA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="286"/>
        <source>Requests in &amp;flight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="287"/>
        <source>Con&amp;text size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="302"/>
        <source>•••• stored (leave empty to keep)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="304"/>
        <source>optional; stored in the system keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="323"/>
        <source>Choose a CA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="325"/>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="325"/>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="367"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="380"/>
        <source>Connected: model %1, context %2 tokens. Models on the server: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/endpoint_dialog.py" line="392"/>
        <source>The test failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EngineBridge</name>
    <message>
        <location filename="../../app/ui/engine_bridge.py" line="137"/>
        <source>Loading was dropped because the engine shut down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engine_bridge.py" line="144"/>
        <source>The request was dropped because the engine shut down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engine_bridge.py" line="152"/>
        <source>The task was dropped because the engine shut down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engine_bridge.py" line="202"/>
        <location filename="../../app/ui/engine_bridge.py" line="214"/>
        <source>unknown error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EngineTab</name>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="40"/>
        <source>Generation threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="42"/>
        <source>CPU threads used while writing. Automatic leaves a core free so the app stays smooth.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="45"/>
        <source>Prompt threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="46"/>
        <source>CPU threads used while reading your text before writing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="52"/>
        <source>Changes here load the model again when you press OK.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="55"/>
        <source>Ge&amp;neration threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="57"/>
        <source>Pro&amp;mpt threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="59"/>
        <source>GPU &amp;layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="60"/>
        <source>La&amp;yers on the GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="62"/>
        <source>This build runs on the CPU only; GPU layers have no effect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="63"/>
        <source>&amp;Context size (tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="74"/>
        <source>The context size must be a whole number from %1 to %2 tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="94"/>
        <location filename="../../app/ui/settings/engine_tab.py" line="101"/>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="102"/>
        <source>All layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="103"/>
        <source>CPU only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="104"/>
        <source>A number of layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="107"/>
        <source>GPU layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="108"/>
        <source>Automatic puts the whole model on the GPU when it fits, else runs on the CPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="114"/>
        <source>Layers on the GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="115"/>
        <source>How many of the model&apos;s layers run on the GPU; the rest run on the CPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="134"/>
        <source>Context size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="136"/>
        <source>How much text (prompt and answer, in tokens) the model sees at once. More needs more memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="164"/>
        <location filename="../../app/ui/settings/engine_tab.py" line="170"/>
        <source>measured on this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="164"/>
        <source>the default for this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/settings/engine_tab.py" line="165"/>
        <location filename="../../app/ui/settings/engine_tab.py" line="171"/>
        <source>Automatic uses %n thread(s) here: %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/engine_tab.py" line="170"/>
        <source>one per CPU core</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FaqWorkspace</name>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="85"/>
        <location filename="../../app/ui/workspaces/faq.py" line="148"/>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="100"/>
        <source>FAQ file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="102"/>
        <source>A CSV, XLSX or Markdown file of questions and answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="105"/>
        <source>Open FAQ…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="107"/>
        <source>Open a FAQ file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="111"/>
        <source>Worksheet of the FAQ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="116"/>
        <source>Text encoding of the FAQ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="119"/>
        <source>No FAQ loaded yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="130"/>
        <source>&lt;b&gt;FAQ&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="143"/>
        <source>Whether the FAQ covers the question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="149"/>
        <source>The answer appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="153"/>
        <source>FAQ entries the answer cites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="158"/>
        <source>The chosen FAQ entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="159"/>
        <source>Click a cited entry to read it whole.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="166"/>
        <source>Cited entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="178"/>
        <source>Open a FAQ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="180"/>
        <source>FAQ files (*.csv *.tsv *.xlsx *.md *.markdown);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="213"/>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/workspaces/faq.py" line="231"/>
        <source>%n entries loaded from %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/workspaces/faq.py" line="235"/>
        <source>%n part(s) skipped:</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/workspaces/faq.py" line="237"/>
        <source>…and %n more.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="250"/>
        <source>Choose the text encoding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="255"/>
        <source>The FAQ %1 could not be used: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="276"/>
        <source>The FAQ is still being read; try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="277"/>
        <source>Open a FAQ file first: the answer may only come from it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="281"/>
        <source>Add at least one team, as “Name: what the team handles”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="359"/>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="390"/>
        <source>Answered from the FAQ, citing: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="394"/>
        <source>Not covered — route to: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/workspaces/faq.py" line="403"/>
        <source>Retrieval: the whole FAQ (%n entries) was given to the model.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="407"/>
        <source>Retrieval: BM25, the top %1 of %2 entries (the whole FAQ does not fit the context).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/faq.py" line="413"/>
        <source>Retrieval: no FAQ entry shares a word with the question, so none was offered.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeedbackDashboard</name>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="68"/>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="79"/>
        <source>Sentiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="70"/>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="81"/>
        <source>Topics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="73"/>
        <source>No items analysed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="95"/>
        <source>Clear the chart selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="77"/>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="78"/>
        <source>Feedback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="80"/>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="82"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="83"/>
        <source>Urgency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="84"/>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="96"/>
        <source>Analysed items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="158"/>
        <source>feedback-analysis.csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="166"/>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="182"/>
        <source>positive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="183"/>
        <source>neutral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="184"/>
        <source>negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback_dashboard.py" line="209"/>
        <source>Analysed items appear here as they finish.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeedbackWorkspace</name>
    <message>
        <location filename="../../app/ui/workspaces/feedback.py" line="48"/>
        <source>Analyze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback.py" line="49"/>
        <source>Feedback items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback.py" line="117"/>
        <source>%1 — failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback.py" line="121"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback.py" line="122"/>
        <source>%1 item(s). Sentiment: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback.py" line="124"/>
        <source>Topics: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback.py" line="126"/>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback.py" line="77"/>
        <source>Feedback: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/feedback.py" line="61"/>
        <source>Your topics and teams were not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileStatusLabel</name>
    <message>
        <location filename="../../app/ui/workspaces/items_file_status.py" line="36"/>
        <source>%1 item(s) from %2, column &apos;%3&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_file_status.py" line="38"/>
        <source>The workbook has %1 sheets; this is &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_file_status.py" line="40"/>
        <source>%1 row(s) with an empty cell skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_file_status.py" line="43"/>
        <source>row %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_file_status.py" line="47"/>
        <source>%1 row(s) with problems: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_file_status.py" line="48"/>
        <source> (and %1 more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_file_status.py" line="53"/>
        <source>%1 item(s) have no true label.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FitBadge</name>
    <message>
        <location filename="../../app/ui/model_manager/fit_badge.py" line="95"/>
        <source>Fit: choose a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/fit_badge.py" line="106"/>
        <source>Context %1 tokens. Weights %2 bytes, KV cache %3 bytes, compute buffer %4 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/fit_badge.py" line="113"/>
        <source>Approximate: the file&apos;s header has not been read yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/fit_badge.py" line="120"/>
        <source>Checking the fit from the model&apos;s header…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/fit_badge.py" line="122"/>
        <source>Reading the model&apos;s header for an exact check…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/fit_badge.py" line="128"/>
        <source>Exact check failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/fit_badge.py" line="132"/>
        <source>Fit unknown: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GenerationTab</name>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="28"/>
        <source>&amp;Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="30"/>
        <source>&amp;Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="31"/>
        <source>Top &amp;K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="32"/>
        <location filename="../../app/ui/settings/generation_tab.py" line="88"/>
        <source>Top P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="33"/>
        <source>&amp;Min P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="34"/>
        <source>&amp;Repeat penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="57"/>
        <source>Precise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="58"/>
        <source>Balanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="59"/>
        <source>Creative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="60"/>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="66"/>
        <source>Sampling preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="67"/>
        <source>How freely the model picks its words. Choose Custom to set the numbers yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="76"/>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="77"/>
        <source>Higher values give more varied, surprising text; 0 always takes the likeliest word.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="79"/>
        <source>0 (always the likeliest word)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="83"/>
        <location filename="../../app/ui/settings/generation_tab.py" line="103"/>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="84"/>
        <source>Top K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="84"/>
        <source>Consider only this many of the likeliest words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="89"/>
        <source>Consider the likeliest words until their chances add up to this share.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="94"/>
        <source>Min P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="95"/>
        <source>Drop words far less likely than the best one (as a share of its chance).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="100"/>
        <source>Repeat penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="101"/>
        <source>Makes words that were just used less likely; 1 turns it off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="133"/>
        <source>Sticks to the likeliest wording: corrections, facts, translation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="134"/>
        <source>Varied but on topic: everyday writing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="135"/>
        <source>A wider choice of words: slogans, ideas, stories.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="136"/>
        <source>Your own numbers below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/generation_tab.py" line="140"/>
        <source>Choose Custom to change the numbers.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GlossaryDialog</name>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="97"/>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="98"/>
        <source>Glossary: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="102"/>
        <source>This language pair (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="104"/>
        <source>Used for every document translated between these languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="105"/>
        <source>This project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="109"/>
        <source>This project (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="121"/>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="129"/>
        <source>Details of the last import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="138"/>
        <source>Applies to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="191"/>
        <source>Reading the glossary…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="216"/>
        <source>This glossary was made for %1 → %2; saving it stores it for %3 → %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="226"/>
        <source>It will not be saved over; repair or move the file, then open this again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="245"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/translation/glossary_dialog.py" line="259"/>
        <source>Saved %n term(s) to %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="266"/>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="275"/>
        <source>Importing %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/translation/glossary_dialog.py" line="288"/>
        <source>%n term(s) added</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/translation/glossary_dialog.py" line="289"/>
        <source>%n replaced</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/translation/glossary_dialog.py" line="290"/>
        <source>%n already here, left unchanged</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="292"/>
        <source>From %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="294"/>
        <source>Press Save to keep them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="295"/>
        <source>Line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/translation/glossary_dialog.py" line="297"/>
        <source>%n entry(ies) of the file skipped; see below.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="304"/>
        <source>Nothing imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="310"/>
        <source>Export the glossary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="310"/>
        <source>CSV files (*.csv);;TSV files (*.tsv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="318"/>
        <source>Fix the marked rows before exporting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/translation/glossary_dialog.py" line="324"/>
        <source>Exported %n term(s) to %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="326"/>
        <source>Not exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="336"/>
        <source>Still saving; close again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="342"/>
        <source>This glossary has unsaved changes. Save them, or press Close again to discard them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="360"/>
        <source>Save the changes before switching to the other glossary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_dialog.py" line="390"/>
        <source>(save to switch)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GlossaryEditor</name>
    <message>
        <location filename="../../app/ui/translation/glossary_editor.py" line="47"/>
        <location filename="../../app/ui/translation/glossary_editor.py" line="48"/>
        <source>Filter terms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_editor.py" line="52"/>
        <source>Glossary terms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_editor.py" line="61"/>
        <source>Add term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_editor.py" line="63"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_editor.py" line="65"/>
        <source>Remove the selected terms (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_editor.py" line="66"/>
        <source>Remove the selected terms</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/translation/glossary_editor.py" line="129"/>
        <source>%n term(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_editor.py" line="133"/>
        <source>row %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_editor.py" line="136"/>
        <source> (and %1 more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/translation/glossary_editor.py" line="138"/>
        <source>⚠ %n row(s) cannot be saved yet: %1%2</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GlossaryImportBox</name>
    <message>
        <location filename="../../app/ui/translation/glossary_import_box.py" line="40"/>
        <source>Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_import_box.py" line="42"/>
        <source>Add the terms of a CSV, TSV or TBX file to this glossary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_import_box.py" line="43"/>
        <source>Terms already here:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_import_box.py" line="44"/>
        <source>Keep them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_import_box.py" line="46"/>
        <source>An imported term that is already here is skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_import_box.py" line="47"/>
        <source>Replace them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_import_box.py" line="49"/>
        <source>An imported term replaces the one already here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_import_box.py" line="56"/>
        <source>The file&apos;s encoding is unclear. Read it as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_import_box.py" line="59"/>
        <source>Encoding of the imported file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_import_box.py" line="91"/>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_import_box.py" line="106"/>
        <source>Import a glossary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_import_box.py" line="108"/>
        <source>Glossaries (%1);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GlossaryTableModel</name>
    <message>
        <location filename="../../app/ui/translation/glossary_table.py" line="79"/>
        <source>Source term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_table.py" line="80"/>
        <source>Translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_table.py" line="81"/>
        <source>Do not translate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_table.py" line="82"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_table.py" line="83"/>
        <source>Case-sensitive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_table.py" line="86"/>
        <source>The term as it appears in the source text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_table.py" line="87"/>
        <source>The translation the model should use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_table.py" line="88"/>
        <source>Copy the term unchanged into every translation (names, brands, code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_table.py" line="89"/>
        <source>For you and other translators; not sent to the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_table.py" line="90"/>
        <source>Match the term only with exactly this capitalisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_table.py" line="201"/>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_table.py" line="201"/>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_table.py" line="267"/>
        <source>Type the source term.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_table.py" line="271"/>
        <source>The same term is on row %1; remove one of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/glossary_table.py" line="274"/>
        <source>Type a translation, or tick “Do not translate”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InputSection</name>
    <message>
        <location filename="../../app/ui/batch/input_section.py" line="56"/>
        <source>2. Input file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/input_section.py" line="67"/>
        <source>Input file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/input_section.py" line="68"/>
        <source>A CSV or XLSX file with one item per row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/input_section.py" line="69"/>
        <source>Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/input_section.py" line="70"/>
        <location filename="../../app/ui/batch/input_section.py" line="105"/>
        <source>Choose the input file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/input_section.py" line="76"/>
        <source>Worksheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/input_section.py" line="81"/>
        <source>Text encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/input_section.py" line="107"/>
        <source>Tables (*.csv *.tsv *.xlsx);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/input_section.py" line="130"/>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/input_section.py" line="154"/>
        <source>%1: %2 data rows, columns: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/batch/input_section.py" line="165"/>
        <source>…and %n more.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/input_section.py" line="174"/>
        <source>Choose the text encoding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/input_section.py" line="178"/>
        <source>%1 Pick the encoding whose preview looks right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/input_section.py" line="180"/>
        <source>%1 cannot be used: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/input_section.py" line="194"/>
        <source>This workbook has several sheets: choose the one to run over.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstalledTab</name>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="40"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="41"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="42"/>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="43"/>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="63"/>
        <source>Set default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="63"/>
        <source>Load this model when Copydesk starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="65"/>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="191"/>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="65"/>
        <source>Delete the file, or forget a model used in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="68"/>
        <source>Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="68"/>
        <source>Check the header and compute the SHA-256 of every byte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="71"/>
        <source>Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="71"/>
        <source>Copy a .gguf file into Copydesk&apos;s models folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="74"/>
        <source>Use in place…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="74"/>
        <source>Use a .gguf file where it is, uncopied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="77"/>
        <source>Discover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="77"/>
        <source>Find models of LM Studio, Ollama, GPT4All, HF cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="80"/>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="80"/>
        <source>Show the models folder in the file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="127"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="146"/>
        <source>Could not list models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="159"/>
        <source>★ default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="160"/>
        <source>used in place: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="162"/>
        <source>models folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="174"/>
        <source>No models yet. Download one from Catalog or Search, import a .gguf file, or use Discover. Models folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="191"/>
        <source>Forget…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="199"/>
        <source>Could not save the settings: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="210"/>
        <source>%1 is now the default model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="221"/>
        <source>Stop using %1? Its file stays where it is (%2); only Copydesk forgets it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="227"/>
        <source>Delete %1 (%2) from disk? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="233"/>
        <source>Remove model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="249"/>
        <source>Forgot %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="249"/>
        <source>Removed %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="256"/>
        <source>Could not remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="266"/>
        <source>Verifying %1: reading every byte…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="274"/>
        <source>Verification failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="282"/>
        <source>Import a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="286"/>
        <source>Checking and copying %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="294"/>
        <source>Copying %1: %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="298"/>
        <source>Imported %1 into %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="305"/>
        <source>Could not import %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="312"/>
        <source>Use a model in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="322"/>
        <source>Using %1 in place from %2; nothing was copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="325"/>
        <source>Checking %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="329"/>
        <source>Could not use %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="338"/>
        <source>Could not open a file manager. The models folder is %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="346"/>
        <source>GGUF models (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/installed_tab.py" line="347"/>
        <source>All files (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ItemsInput</name>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="86"/>
        <source>One item per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="87"/>
        <source>Items separated by blank lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="88"/>
        <source>How pasted items are separated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="91"/>
        <source>Pasted items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="92"/>
        <source>Paste reviews, e-mails or posts here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="105"/>
        <source>Choose a CSV or Excel file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="107"/>
        <source>Choose a CSV or Excel file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="118"/>
        <location filename="../../app/ui/workspaces/items_input.py" line="135"/>
        <source>Sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="121"/>
        <location filename="../../app/ui/workspaces/items_input.py" line="136"/>
        <source>Encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="124"/>
        <source>Column with the items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="127"/>
        <source>Column with the true labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="129"/>
        <source>Optional: a column with the right label for each item, to measure accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="137"/>
        <source>Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="138"/>
        <source>True label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="144"/>
        <source>Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="145"/>
        <source>From a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="180"/>
        <source>The file is still being read; try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="184"/>
        <source>Paste some items first (one per line), or load them from a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="186"/>
        <source>Choose a CSV or Excel file first, or paste the items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="188"/>
        <source>The file could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="189"/>
        <source>The column &apos;%1&apos; has no text in any row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="236"/>
        <source>Load items from a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="238"/>
        <source>Tables (*.csv *.tsv *.txt *.xlsx *.xlsm);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="265"/>
        <source>Reading the file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="307"/>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="311"/>
        <source>%1 Pick the encoding above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="315"/>
        <source>The file could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="329"/>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_input.py" line="358"/>
        <source>No file loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/workspaces/items_input.py" line="375"/>
        <source>%n item(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ItemsWorkspace</name>
    <message>
        <location filename="../../app/ui/workspaces/items_workspace.py" line="246"/>
        <source>Exported to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <location filename="../../app/ui/translation/language_picker.py" line="121"/>
        <source>Type a language&apos;s name in English or in itself, or its code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/language_picker.py" line="131"/>
        <source>Type a language or code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/language_picker.py" line="250"/>
        <source>Listed for this model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/language_picker.py" line="251"/>
        <source>The model catalog lists this language for the loaded model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/language_picker.py" line="253"/>
        <source>Many languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/language_picker.py" line="254"/>
        <source>The loaded model is made for many languages; the catalog does not list each one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/language_picker.py" line="256"/>
        <source>Not listed for this model: expect weak results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/language_picker.py" line="258"/>
        <source>The model catalog does not list this language for the loaded model. Check its translations closely, or load a model made for this language.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="88"/>
        <source>Workspaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="108"/>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="109"/>
        <source>The built-in task or one of your own copies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="111"/>
        <source>Edit task…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="112"/>
        <source>Edit task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="114"/>
        <source>Make your own copy of this task and edit its prompts and fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="121"/>
        <source>Task:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="125"/>
        <source>Run on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="137"/>
        <source>&lt;b&gt;Workspaces&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="139"/>
        <source>&lt;b&gt;Drafts&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="184"/>
        <source>No model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="192"/>
        <source>Context used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="194"/>
        <source>context %v/%m tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="195"/>
        <source>Tokens of the model&apos;s context used by the last request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="215"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="216"/>
        <source>&amp;New draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="218"/>
        <source>Save &amp;version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="220"/>
        <source>&amp;History…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="222"/>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="223"/>
        <source>&amp;Copy as rich text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="225"/>
        <source>Run a task over a &amp;spreadsheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="227"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="228"/>
        <source>&amp;Write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="230"/>
        <source>&amp;Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="233"/>
        <source>&amp;Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="243"/>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="244"/>
        <source>&amp;Models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="245"/>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="246"/>
        <source>Edit &amp;task…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="247"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="249"/>
        <source>Check for &amp;updates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="312"/>
        <source>Stop the running generation first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="338"/>
        <source>This draft has no history yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="353"/>
        <source>Task not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="354"/>
        <source>This draft was made with a task that no longer exists (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="360"/>
        <source>Draft #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="360"/>
        <source>New draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="373"/>
        <source>Copied with formatting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="379"/>
        <source>The model could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="385"/>
        <source>%1 tok/s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryFiles</name>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="39"/>
        <source>Import TMX…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="41"/>
        <source>Import TMX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="42"/>
        <source>Add the pairs of a TMX file for this language pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="43"/>
        <source>Export TMX…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="45"/>
        <source>Export TMX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="46"/>
        <source>Write this language pair&apos;s pairs to a TMX file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="76"/>
        <source>Import a translation memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="76"/>
        <source>TMX files (*.tmx);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="85"/>
        <source>Export the translation memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="85"/>
        <source>TMX files (*.tmx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="94"/>
        <source>Importing %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="98"/>
        <source>Nothing imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="104"/>
        <source>line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="108"/>
        <source>From %1: %2, %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/translation/memory_files.py" line="110"/>
        <source>%Ln pair(s) added</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/translation/memory_files.py" line="111"/>
        <source>%Ln skipped</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="114"/>
        <source>Problems: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="117"/>
        <source> (and %1 more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="126"/>
        <source>Exporting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/translation/memory_files.py" line="129"/>
        <source>Exported %Ln pair(s) to %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_files.py" line="130"/>
        <source>Not exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryPanel</name>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="62"/>
        <source>confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="63"/>
        <source>imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="64"/>
        <source>machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="67"/>
        <source>Translation memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="77"/>
        <source>Memory matches for the selected segment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="90"/>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="92"/>
        <source>Apply memory match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="94"/>
        <source>Use this match&apos;s translation for the segment (or double-click it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="141"/>
        <source>Looking for matches…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="167"/>
        <source>No matches of %1% or more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="175"/>
        <source>The memory could not be searched: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="183"/>
        <source>%1% · %2
%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="185"/>
        <source>Stored source: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="205"/>
        <source>&lt;b&gt;Stored source:&lt;/b&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="214"/>
        <source>Stored source: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="216"/>
        <source>It has instead: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="218"/>
        <source>It lacks: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/memory_panel.py" line="255"/>
        <source>No translation memory is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/translation/memory_panel.py" line="261"/>
        <source>%Ln pair(s) for %1 → %2</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelFormatting</name>
    <message>
        <location filename="../../app/ui/model_manager/formatting.py" line="26"/>
        <source>unknown size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/formatting.py" line="33"/>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/formatting.py" line="40"/>
        <source>%1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/formatting.py" line="47"/>
        <source>time left unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/formatting.py" line="52"/>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/formatting.py" line="58"/>
        <source>Checking the part kept from before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/formatting.py" line="59"/>
        <source>Connection lost, retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/formatting.py" line="60"/>
        <source>Verifying SHA-256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/formatting.py" line="61"/>
        <source>Finishing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/formatting.py" line="71"/>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/formatting.py" line="84"/>
        <source>fits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/formatting.py" line="86"/>
        <source>tight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/formatting.py" line="87"/>
        <source>won&apos;t fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/formatting.py" line="96"/>
        <source>%1 %2 — %3 (approximate: weights only, from the quant and parameter count; the file&apos;s header has not been read)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/formatting.py" line="106"/>
        <source>%1 — %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <location filename="../../app/ui/model_manager/dialog.py" line="83"/>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/dialog.py" line="92"/>
        <source>%1 Using %2 directly instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/dialog.py" line="126"/>
        <source>Catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/dialog.py" line="127"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/dialog.py" line="128"/>
        <source>Installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/dialog.py" line="130"/>
        <source>Downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/dialog.py" line="190"/>
        <source>Downloaded and verified, but Copydesk cannot use it, so it was removed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NetworkDialog</name>
    <message>
        <location filename="../../app/ui/model_manager/network_dialog.py" line="29"/>
        <source>Hub connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/network_dialog.py" line="33"/>
        <source>https://huggingface.co (or HF_ENDPOINT when set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/network_dialog.py" line="35"/>
        <source>http://host:port, empty for none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/network_dialog.py" line="36"/>
        <source>Also use the system&apos;s proxy settings (HTTPS_PROXY, NO_PROXY)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/network_dialog.py" line="43"/>
        <source>Hub address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/network_dialog.py" line="44"/>
        <source>Proxy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutputChoice</name>
    <message>
        <location filename="../../app/ui/batch/output_section.py" line="45"/>
        <source>4. Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/output_section.py" line="47"/>
        <source>Add columns to this file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/output_section.py" line="49"/>
        <source>Add the results as columns to the input file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/output_section.py" line="50"/>
        <source>Save as a new file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/output_section.py" line="52"/>
        <source>Save the results as a new file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/output_section.py" line="60"/>
        <source>Output file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/output_section.py" line="62"/>
        <source>Save as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/output_section.py" line="63"/>
        <source>Choose the output file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/output_section.py" line="65"/>
        <source>Replace that file if it exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/output_section.py" line="67"/>
        <source>Replace the output file if it exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/output_section.py" line="90"/>
        <source>Save the results as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/output_section.py" line="90"/>
        <source>CSV (*.csv);;Excel workbook (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PairControls</name>
    <message>
        <location filename="../../app/ui/workspaces/translate_pair.py" line="74"/>
        <source>Choose two different languages.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlanSection</name>
    <message>
        <location filename="../../app/ui/batch/plan_section.py" line="71"/>
        <location filename="../../app/ui/batch/plan_section.py" line="176"/>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/plan_section.py" line="73"/>
        <source>Run the job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/plan_section.py" line="76"/>
        <source>Start over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/plan_section.py" line="78"/>
        <source>Discard the saved progress and run every row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/plan_section.py" line="121"/>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/plan_section.py" line="150"/>
        <source>This job had finished; Run tidies up the progress it left behind.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/plan_section.py" line="157"/>
        <source>%1 of %2 rows are already done. Resume from the first unfinished row, or start over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/batch/plan_section.py" line="164"/>
        <source>%n row(s) to run.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/batch/plan_section.py" line="166"/>
        <source>%n row(s) with empty cells will be skipped.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/plan_section.py" line="167"/>
        <source>New columns: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/plan_section.py" line="176"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProductWorkspace</name>
    <message>
        <location filename="../../app/ui/workspaces/product.py" line="59"/>
        <source>Product title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/product.py" line="65"/>
        <source>Product description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/product.py" line="69"/>
        <source>Missing keywords</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/product.py" line="79"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/workspaces/product.py" line="83"/>
        <location filename="../../app/ui/workspaces/product.py" line="87"/>
        <source>Bullet %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/product.py" line="89"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/product.py" line="280"/>
        <source>%1 of %2 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/workspaces/product.py" line="282"/>
        <source>%n character(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/product.py" line="301"/>
        <source>Keywords not used yet:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/product.py" line="303"/>
        <source>All keywords are used.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProgressLine</name>
    <message>
        <location filename="../../app/ui/workspaces/items_run.py" line="96"/>
        <source>Items analysed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_run.py" line="110"/>
        <source>Analysing %1 item(s)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_run.py" line="116"/>
        <source>%1 of %2 items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_run.py" line="119"/>
        <source>%1 items/min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_run.py" line="122"/>
        <source>about %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_run.py" line="129"/>
        <source>Stopped after %1 of %2 items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_run.py" line="131"/>
        <source>%1 of %2 items analysed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_run.py" line="133"/>
        <location filename="../../app/ui/workspaces/items_run.py" line="145"/>
        <source>%1 failed (see the table).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/workspaces/items_run.py" line="143"/>
        <source>%n item(s) analysed.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_run.py" line="155"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_run.py" line="157"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/items_run.py" line="158"/>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultsExporter</name>
    <message>
        <location filename="../../app/ui/workspaces/results_export.py" line="188"/>
        <source>CSV file (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/results_export.py" line="189"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/results_export.py" line="191"/>
        <source>Export results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/results_export.py" line="203"/>
        <source>An export is still being written; try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/results_export.py" line="220"/>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultsPane</name>
    <message>
        <location filename="../../app/ui/workspaces/results_pane.py" line="38"/>
        <source>Show all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/results_pane.py" line="40"/>
        <source>Show all items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/results_pane.py" line="41"/>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/results_pane.py" line="43"/>
        <source>Export the table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/results_pane.py" line="44"/>
        <source>Save the rows shown to a CSV or Excel file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/results_pane.py" line="90"/>
        <source>Showing %1 of %2 items: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/workspaces/results_pane.py" line="93"/>
        <source>%n item(s). Click a bar to show only those items.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RewriteWorkspace</name>
    <message>
        <location filename="../../app/ui/workspaces/rewrite.py" line="38"/>
        <location filename="../../app/ui/workspaces/rewrite.py" line="171"/>
        <source>Rewrite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/rewrite.py" line="42"/>
        <source>Text to rewrite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/rewrite.py" line="45"/>
        <source>Paste or write your text here. Select a part to rewrite only that part; Ctrl+Z undoes a rewrite.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/rewrite.py" line="51"/>
        <source>Rewrite preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/rewrite.py" line="78"/>
        <source>Write or paste some text first, then choose how to rewrite it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/rewrite.py" line="183"/>
        <source>Rewrites the selection (%1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/rewrite.py" line="185"/>
        <source>Rewrites the whole text. Select a part to rewrite only that.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunOnControls</name>
    <message>
        <location filename="../../app/ui/run_on.py" line="86"/>
        <source>Stop the running generation first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/run_on.py" line="106"/>
        <source>Could not connect to the server: %1 Choose it again under Run on to retry.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunSection</name>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="40"/>
        <source>under a minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="42"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="43"/>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="48"/>
        <source>%1 of %2 rows done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="53"/>
        <source>%1 rows/min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="56"/>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="59"/>
        <source>about %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="80"/>
        <source>Rows done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="81"/>
        <source>%v / %m rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="85"/>
        <location filename="../../app/ui/batch/run_section.py" line="205"/>
        <location filename="../../app/ui/batch/run_section.py" line="225"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="87"/>
        <source>Pause or resume the job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="89"/>
        <location filename="../../app/ui/batch/run_section.py" line="206"/>
        <source>Cancel job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="91"/>
        <source>Cancel the job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="95"/>
        <source>Rows that failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="96"/>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="96"/>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="106"/>
        <source>Open output folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="108"/>
        <source>Open the folder of the output file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="129"/>
        <source>No model is loaded for this task yet. Load one, then run again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="132"/>
        <source>The engine is busy with another generation or job. Wait for it to finish, or stop it, then run again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="166"/>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="186"/>
        <source>Stopping now; the row being written will run again on resume…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="190"/>
        <source>Stop now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="192"/>
        <source>Stop without waiting; a row cut short is not saved and runs again when you resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="195"/>
        <source>Cancelling: the rows in progress finish first, then the job stops…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="208"/>
        <source>Stops the job once the rows in progress are done; finished rows are kept for a resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="225"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="227"/>
        <source>Pausing: rows already running finish, no new row starts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="244"/>
        <source>The job stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="254"/>
        <source>Stopped: %1 of %2 rows are saved. Run the job again to resume from the first unfinished row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/run_section.py" line="261"/>
        <source>Done: %1 rows written to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/batch/run_section.py" line="264"/>
        <source>%n row(s) failed; their error is in the error column.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/batch/run_section.py" line="267"/>
        <source>%n row(s) were skipped for empty cells.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchTab</name>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="36"/>
        <source>Repository</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="37"/>
        <source>Downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="38"/>
        <source>Likes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="39"/>
        <source>Licence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="40"/>
        <source>Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="41"/>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="42"/>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="45"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="46"/>
        <source>Quant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="47"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="48"/>
        <source>Parts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="49"/>
        <source>SHA-256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="66"/>
        <source>Search GGUF models on the Hub, e.g. qwen instruct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="67"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="68"/>
        <source>Connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="69"/>
        <source>Hub mirror and proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="70"/>
        <source>Hub token…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="72"/>
        <source>A Hugging Face token for gated models, kept in the system keyring (never in a file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="74"/>
        <source>Hub: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="83"/>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="127"/>
        <source>Hugging Face token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="128"/>
        <source>Token for gated models (leave empty to delete the stored one):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="135"/>
        <source>Token stored in the system keyring; gated models will use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="136"/>
        <source>Stored token deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="137"/>
        <source>No token was stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="161"/>
        <source>Could not save the connection settings: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="167"/>
        <source>Hub: %1. Downloads use the new settings after a restart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="182"/>
        <source>Searching %1 for %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="184"/>
        <source>Searching %1 for popular GGUF models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="213"/>
        <location filename="../../app/ui/model_manager/search_tab.py" line="265"/>
        <source>not stated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="214"/>
        <source>gated: needs a token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="214"/>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/model_manager/search_tab.py" line="222"/>
        <source>%n repositories found.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="224"/>
        <source>No GGUF repositories match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="246"/>
        <source>Listing the files of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/model_manager/search_tab.py" line="268"/>
        <source>%1 · licence: %2 · %n GGUF file(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="273"/>
        <source>Gated: accept the licence on the Hub and add an access token before downloading.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="277"/>
        <source>Not offered because their names are unsafe: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="285"/>
        <source>%1 (vision projector)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="289"/>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="292"/>
        <source>from the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="294"/>
        <source>per part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="317"/>
        <source>A vision projector or an incomplete split model cannot be used on its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="367"/>
        <source>Could not start the download: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager/search_tab.py" line="371"/>
        <source>Queued %1 from %2; progress is in the downloads list below.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SegmentDetail</name>
    <message>
        <location filename="../../app/ui/translation/segment_view.py" line="126"/>
        <source>Selected segment: source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_view.py" line="129"/>
        <source>Selected segment: translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_view.py" line="131"/>
        <source>Type the translation, or press Re-translate. Ctrl+Enter confirms it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_view.py" line="149"/>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_view.py" line="151"/>
        <source>Confirm translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_view.py" line="153"/>
        <source>Keep this translation and store it in the memory (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_view.py" line="156"/>
        <source>Re-translate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_view.py" line="158"/>
        <source>Re-translate segment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_view.py" line="159"/>
        <source>Translate this segment again (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SegmentModel</name>
    <message>
        <location filename="../../app/ui/translation/segment_model.py" line="188"/>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_model.py" line="189"/>
        <source>Translated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_model.py" line="190"/>
        <source>Edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_model.py" line="191"/>
        <source>From memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_model.py" line="192"/>
        <source>Check failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_model.py" line="199"/>
        <source>Problem: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_model.py" line="201"/>
        <source>Preferred term not used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_model.py" line="218"/>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_model.py" line="218"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_model.py" line="218"/>
        <source>Translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_model.py" line="218"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/translation/segment_model.py" line="272"/>
        <source>%1 · preferred term missed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SegmentTable</name>
    <message>
        <location filename="../../app/ui/translation/segment_view.py" line="55"/>
        <source>Segments: source and translation side by side</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SegmentsPane</name>
    <message>
        <location filename="../../app/ui/workspaces/translate_segments.py" line="50"/>
        <source>Re-translate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_segments.py" line="54"/>
        <source>Confirm translation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServersTab</name>
    <message>
        <location filename="../../app/ui/settings/servers_tab.py" line="80"/>
        <source>Jobs can run on a shared server that speaks the OpenAI API: llama.cpp&apos;s llama-server, vLLM, Ollama or LM Studio. Texts sent to a server leave this computer. Setting one up is described in docs/team-server.md. Changes here are kept when you press OK.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/servers_tab.py" line="86"/>
        <source>About servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/servers_tab.py" line="89"/>
        <source>Saved servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/servers_tab.py" line="89"/>
        <source>Double-click a server to edit it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/servers_tab.py" line="90"/>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/servers_tab.py" line="90"/>
        <source>Add server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/servers_tab.py" line="91"/>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/servers_tab.py" line="91"/>
        <source>Edit server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/servers_tab.py" line="92"/>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/servers_tab.py" line="92"/>
        <source>Remove server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/servers_tab.py" line="93"/>
        <source>Forget this server and its stored API key</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="60"/>
        <location filename="../../app/ui/settings_dialog.py" line="61"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="69"/>
        <source>&amp;Generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="70"/>
        <source>&amp;Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="71"/>
        <source>&amp;Servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="72"/>
        <source>&amp;Appearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="73"/>
        <source>&amp;Updates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="74"/>
        <location filename="../../app/ui/settings_dialog.py" line="75"/>
        <source>Settings sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="79"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="111"/>
        <source>Save and close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="111"/>
        <source>Close without saving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="128"/>
        <source>The settings could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="150"/>
        <source>API keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="151"/>
        <source>The settings were saved, but a server API key could not be updated:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="191"/>
        <source>The settings file %1 was written by a newer Copydesk and is read-only here, so changes cannot be saved. Update Copydesk, or move that file away.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SourcePane</name>
    <message>
        <location filename="../../app/ui/workspaces/translate_source.py" line="49"/>
        <source>Text to translate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_source.py" line="51"/>
        <source>Paste the text to translate here, or open a file. Each paragraph becomes a segment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_source.py" line="59"/>
        <location filename="../../app/ui/workspaces/translate_source.py" line="60"/>
        <source>Paste text instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_source.py" line="61"/>
        <source>Close the file and translate pasted text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_source.py" line="70"/>
        <source>Before the file can be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_source.py" line="75"/>
        <source>Choice before opening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_source.py" line="78"/>
        <source>Columns to translate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_source.py" line="79"/>
        <location filename="../../app/ui/workspaces/translate_source.py" line="153"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_source.py" line="81"/>
        <source>Open with this choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_source.py" line="93"/>
        <location filename="../../app/ui/workspaces/translate_source.py" line="94"/>
        <source>Export both languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_source.py" line="96"/>
        <source>File &gt; Export writes each source paragraph above its translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_source.py" line="149"/>
        <source>Translate these columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_source.py" line="200"/>
        <source>Tick at least one column to translate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_source.py" line="212"/>
        <source>%1 (%2): %3 segments</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskEditorDialog</name>
    <message>
        <location filename="../../app/ui/task_editor.py" line="38"/>
        <source>Edit task — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/task_editor.py" line="41"/>
        <source>Task name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/task_editor.py" line="44"/>
        <source>This is your own copy. Edit the prompts and fields below (TOML). Prompts are Jinja templates: {{ name }} inserts a field. Saved copies appear in the task list of their workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/task_editor.py" line="52"/>
        <source>Task definition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/task_editor.py" line="69"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/task_editor.py" line="81"/>
        <source>The text is not valid TOML: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/task_editor.py" line="90"/>
        <source>the flow must stay %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskSetup</name>
    <message>
        <location filename="../../app/ui/batch/task_setup.py" line="90"/>
        <source>1. Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/task_setup.py" line="99"/>
        <source>Task to run on every row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/task_setup.py" line="106"/>
        <location filename="../../app/ui/batch/task_setup.py" line="116"/>
        <source>FAQ file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/task_setup.py" line="107"/>
        <source>The FAQ the answers must come from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/task_setup.py" line="108"/>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/task_setup.py" line="109"/>
        <source>Choose the FAQ file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/task_setup.py" line="184"/>
        <source>Set up the task once for every row:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/task_setup.py" line="186"/>
        <source>Fields without a column get these values on every row:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/task_setup.py" line="196"/>
        <source>Choose the FAQ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/task_setup.py" line="198"/>
        <source>FAQ files (*.csv *.tsv *.xlsx *.md *.markdown);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/task_setup.py" line="212"/>
        <source>Comes from the column “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TranslateBar</name>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="63"/>
        <source>Translate from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="66"/>
        <source>Translate into</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="70"/>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="71"/>
        <source>Swap the languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="77"/>
        <source>Glossary…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="79"/>
        <source>Glossary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="80"/>
        <source>Preferred translations and terms never to translate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="81"/>
        <source>Open file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="83"/>
        <source>Open file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="84"/>
        <source>Save translation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="86"/>
        <source>Save translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="87"/>
        <source>Write the translated file in the same format as the source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="91"/>
        <source>From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="94"/>
        <source>Into:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="176"/>
        <source>The catalog does not say which languages %1 handles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="178"/>
        <source>%1 is made for translation between many languages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="180"/>
        <source>%1 writes well in: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="186"/>
        <source>%1 is not listed for it: expect weak results.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_bar.py" line="188"/>
        <source>%1 and %2 are not listed for it: expect weak results.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TranslateResources</name>
    <message>
        <location filename="../../app/ui/workspaces/translate_resources.py" line="63"/>
        <source>The glossary could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_resources.py" line="85"/>
        <source>Not stored in the translation memory: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_resources.py" line="96"/>
        <source>The translation memory was damaged; it was kept as %1 and a new one started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_resources.py" line="105"/>
        <source>The translation memory could not be opened (%1). Translating works without it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TranslateWorkspace</name>
    <message>
        <location filename="../../app/ui/workspaces/translate.py" line="69"/>
        <source>Translate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate.py" line="153"/>
        <source>Wait for the model to be free, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate.py" line="173"/>
        <source>The file is still being opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate.py" line="177"/>
        <source>Paste some text or open a file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate.py" line="182"/>
        <source>Every segment has a translation. Select one and press Ctrl+R to redo it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate.py" line="209"/>
        <source>The model stopped with an error: %1. Finished segments are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate.py" line="331"/>
        <source>Translated segments keep their text; a new draft translates into %1 from scratch.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TranslationProgress</name>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="23"/>
        <source>Segments translated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="25"/>
        <source>%v of %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="28"/>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="49"/>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="106"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="30"/>
        <source>Pause translation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="32"/>
        <source>Finish the segment being translated, then wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/workspaces/translate_progress.py" line="53"/>
        <source>Translating %n segment(s)…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="60"/>
        <source>%1 of %2 segments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="62"/>
        <source>%1 words/min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="64"/>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="66"/>
        <source>about %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="75"/>
        <source>Stopped: %1 of %2 segments translated; the rest waits for the next run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="80"/>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="93"/>
        <source>%1 of %2 segments translated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="82"/>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="95"/>
        <source>%1 need a look (check failed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="106"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="114"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="116"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/translate_progress.py" line="117"/>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnfinishedJobsOffer</name>
    <message>
        <location filename="../../app/ui/batch/resume_offer.py" line="71"/>
        <source>Unfinished batch jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/resume_offer.py" line="75"/>
        <source>These batch jobs stopped before every row was done. Resume one to go on from the first unfinished row; nothing done so far is repeated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/resume_offer.py" line="85"/>
        <source>Not now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/resume_offer.py" line="86"/>
        <source>Close this list; it is offered again next time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/resume_offer.py" line="100"/>
        <source>%1 (task not found)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/resume_offer.py" line="105"/>
        <source>%1: %2 → %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/resume_offer.py" line="107"/>
        <source>started %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/resume_offer.py" line="113"/>
        <source>Resume…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/resume_offer.py" line="115"/>
        <source>Resume the job writing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/resume_offer.py" line="118"/>
        <source>Forget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/resume_offer.py" line="120"/>
        <source>Stop offering the job writing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/batch/resume_offer.py" line="123"/>
        <source>Stop offering this job. Its progress file stays, so running the same job again resumes it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UpdateChecker</name>
    <message>
        <location filename="../../app/ui/update_checker.py" line="46"/>
        <source>New version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/update_checker.py" line="79"/>
        <source>No release feed is set. Add its address under Tools ▸ Settings ▸ Updates to check for new versions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/update_checker.py" line="85"/>
        <source>Already checking for a new version…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/update_checker.py" line="87"/>
        <source>Checking for a new version…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/update_checker.py" line="114"/>
        <source>release page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/update_checker.py" line="117"/>
        <source>Copydesk %1 is available — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/update_checker.py" line="124"/>
        <source>Copydesk %1 is available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/update_checker.py" line="127"/>
        <source>You have the latest version (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/update_checker.py" line="132"/>
        <source>Could not check for a new version: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UpdatesTab</name>
    <message>
        <location filename="../../app/ui/settings/updates_tab.py" line="18"/>
        <location filename="../../app/ui/settings/updates_tab.py" line="22"/>
        <source>Check for new versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/updates_tab.py" line="23"/>
        <source>At most once a day, when Copydesk starts. Nothing is downloaded or installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/updates_tab.py" line="26"/>
        <source>https://example.org/copydesk/latest.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/updates_tab.py" line="29"/>
        <source>Release feed address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/updates_tab.py" line="30"/>
        <source>A small JSON file that names the latest version; it must start with https://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/updates_tab.py" line="34"/>
        <source>The check fetches this one file. It sends no identifier, settings or usage data: only the name and version of Copydesk, as every web request does. Help ▸ Check for updates asks at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/updates_tab.py" line="40"/>
        <source>What the update check sends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/updates_tab.py" line="44"/>
        <source>Release &amp;feed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/updates_tab.py" line="54"/>
        <source>Enter the release feed address, or turn off checking for new versions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings/updates_tab.py" line="59"/>
        <source>The release feed address cannot be used: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VariantsPanel</name>
    <message numerus="yes">
        <location filename="../../app/ui/workspaces/variants_panel.py" line="40"/>
        <location filename="../../app/ui/workspaces/variants_panel.py" line="42"/>
        <source>Variant %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/variants_panel.py" line="45"/>
        <source>Use this</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/workspaces/variants_panel.py" line="46"/>
        <source>Use variant %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VersionsDialog</name>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="37"/>
        <source>Generated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="38"/>
        <source>Edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="39"/>
        <source>Restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="47"/>
        <source>model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="48"/>
        <source>seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="49"/>
        <source>preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="50"/>
        <source>temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="61"/>
        <source>from version {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="104"/>
        <source>(This version has no text yet.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="125"/>
        <source>Versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="126"/>
        <source>Draft versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="134"/>
        <source>Versions, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="138"/>
        <source>Preview of the selected version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="139"/>
        <source>Loading versions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="141"/>
        <source>Versions status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="149"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="150"/>
        <source>&amp;Restore this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="151"/>
        <source>Restore this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="153"/>
        <source>Put this version back. The current text is kept as a version too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="177"/>
        <source>Could not restore this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="193"/>
        <source>Could not read the versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="206"/>
        <source>{n} versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/versions_dialog.py" line="209"/>
        <source>No versions yet: one is kept each time text is generated or restored.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../../app/ui/workspaces/base.py" line="73"/>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/base.py" line="77"/>
        <source>Ctrl+Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/base.py" line="79"/>
        <location filename="../../app/ui/workspaces/base.py" line="81"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/base.py" line="82"/>
        <source>Esc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/base.py" line="87"/>
        <source>Variants: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/base.py" line="88"/>
        <source>Number of variants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/base.py" line="89"/>
        <source>Write several versions side by side, each with a fresh seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/base.py" line="94"/>
        <source>Notices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/base.py" line="271"/>
        <source>Stopped: this workspace moved to another engine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/base.py" line="356"/>
        <source>Too long for the model&apos;s context: %1 The text written so far is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/workspaces/base.py" line="362"/>
        <source>The model stopped with an error: %1. What was written so far is kept.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>export_actions</name>
    <message>
        <location filename="../../app/ui/drafts/export_actions.py" line="41"/>
        <source>Markdown (*.md *.markdown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/export_actions.py" line="42"/>
        <source>Web page (*.html *.htm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/export_actions.py" line="43"/>
        <source>Plain text (*.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/export_actions.py" line="44"/>
        <source>Word document (*.docx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/export_actions.py" line="51"/>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/export_actions.py" line="61"/>
        <source>Export draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/export_actions.py" line="93"/>
        <source>Exported to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/export_actions.py" line="99"/>
        <source>Could not export to {path}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/drafts/export_actions.py" line="102"/>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>launch</name>
    <message>
        <location filename="../../app/ui/launch.py" line="129"/>
        <source>No model is installed yet. Choose one in the model manager (the small starter model works on any computer), or run `copydesk models install-starter`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/launch.py" line="139"/>
        <source>%1 Using %2 for now.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
